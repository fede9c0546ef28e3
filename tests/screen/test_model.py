"""What the break screen shows and what its keys do, without a display: the model fed instants."""

from __future__ import annotations

from loosen.core.pose import pose_at
from loosen.core.routine import build_timeline, frame_at
from loosen.routines import Catalog
from loosen.screen.model import EMERGENCY_PRESSES, Prompt, Reply, ScreenModel

CATALOG = Catalog(None)
T0 = 100.0


def model(strict: bool = False, **kw) -> ScreenModel:
    timeline = build_timeline(CATALOG.get("desk-short"))
    return ScreenModel(Prompt(strict=strict, **kw), CATALOG.keyframes, timeline, T0)


def labels(m: ScreenModel, at: float) -> list[str]:
    return [label for _, label in m.view(at).buttons]


def test_the_prompt_offers_start_snooze_and_skip_and_previews_the_first_move():
    m = model(sitting="You've been sitting for 62 min.")
    v = m.view(T0 + 1)
    assert labels(m, T0 + 1) == ["Start", "Snooze 5 min", "Skip"]
    assert (v.title, v.over, v.detail) == (
        "Time to move",
        "Desk, five minutes",
        "You've been sitting for 62 min.",
    )
    assert v.coming == "First: Walk" and v.countdown == "5:19"  # the routine's length
    assert v.pose is not None


def test_snooze_and_skip_go_when_the_prompt_allows_none_or_the_mode_is_strict():
    assert labels(model(can_snooze=False), T0) == ["Start", "Skip"]
    assert labels(model(can_skip=False, can_snooze=False), T0) == ["Start"]
    assert labels(model(strict=True), T0) == ["Start"]
    assert model(strict=True).press("snooze", T0) is None  # a button not shown does nothing


def test_start_plays_the_routine_with_the_cores_session_timeline_and_pose_model():
    m = model()
    assert m.press("start", T0) == Reply("answer", "start")
    at = T0 + 17.25
    v = m.view(at)
    frame = frame_at(m.timeline, 17.25)
    step = frame.step
    assert (v.title, v.over) == ("Walk", "Move 1 of 5 · Desk, five minutes")
    assert v.countdown == "0:43" and v.coming == "Next: Seated figure-four"
    assert v.pose == pose_at(step.move.animation, CATALOG.keyframes, step.duration, 17.25)
    assert labels(m, at) == ["Pause", "Next", "Done"]


def test_the_side_and_the_next_side_are_shown():
    m = model()
    m.play(None, T0)
    side = next(s for s in m.timeline.steps if s.side == "right" and s.kind == "move")
    v = m.view(T0 + side.start + 1)
    assert v.side == "Right side" and v.coming == "Next: Left side"


def test_space_pauses_and_resumes_and_the_countdown_stands_still_meanwhile():
    m = model()
    m.play(None, T0)
    m.key("space", T0 + 5)
    assert m.view(T0 + 5).over == "Paused" and labels(m, T0 + 5)[0] == "Resume"
    assert m.view(T0 + 65).countdown == m.view(T0 + 5).countdown == "0:55"
    m.key("space", T0 + 65)
    assert m.view(T0 + 70).countdown == "0:50"


def test_right_arrow_skips_to_the_next_step_and_done_ends_it_as_quit():
    m = model()
    m.play(None, T0)
    m.key("Right", T0 + 3)
    assert m.view(T0 + 3).title == "Seated figure-four"  # its "get ready" step
    reply = m.press("done", T0 + 4)
    assert reply == Reply("ended", "quit")
    outcomes = m.outcomes(T0 + 4)
    assert outcomes[0].status == "skipped" and outcomes[-1].status == "not-reached"
    assert m.view(T0 + 4).title == "Noted"  # not a break: 3 s of moving
    assert m.tick(T0 + 8.1) == Reply("close")  # the last word closes by itself


def test_the_routine_played_to_its_end_counts_and_says_so():
    m = model()
    m.play(None, T0)
    end = T0 + m.timeline.total
    assert m.tick(end) == Reply("ended", "completed")
    assert m.counts(end) and m.view(end).title == "Well done"
    assert m.view(end).detail.startswith("This counts as your break.")


def test_esc_closes_the_prompt_or_ends_the_routine_unless_strict():
    assert model().key("Escape", T0) == Reply("dismiss", "esc")
    m = model()
    m.play(None, T0)
    assert m.key("Escape", T0 + 30) == Reply("ended", "quit:esc")
    strict = model(strict=True)
    assert strict.key("Escape", T0) is None
    assert strict.view(T0).hint == "Esc 4 more times to close"


def test_five_escapes_within_three_seconds_always_get_out_and_slower_ones_do_not():
    slow = model(strict=True)
    for i in range(EMERGENCY_PRESSES + 3):
        assert slow.key("Escape", T0 + i * 0.8) is None  # 0.8 s apart: never five in 3 s
    fast = model(strict=True)
    replies = [fast.key("Escape", T0 + i * 0.3) for i in range(EMERGENCY_PRESSES)]
    assert replies[:-1] == [None] * 4 and replies[-1] == Reply("dismiss", "emergency")
    playing = model(strict=True)
    playing.play(None, T0)
    replies = [playing.key("Escape", T0 + 10 + i * 0.3) for i in range(EMERGENCY_PRESSES)]
    assert replies[-1] == Reply("ended", "quit:emergency")  # the steps done so far are kept


def test_strict_done_appears_only_once_the_routine_counts_as_the_break():
    m = model(strict=True)
    m.play(None, T0)
    assert labels(m, T0 + 60) == ["Pause", "Next"]
    assert m.press("done", T0 + 60) is None
    # three minutes of moving (core.credit) counts: Done comes
    assert "Done" in labels(m, T0 + 200)

from __future__ import annotations

import re

import pytest

from loosen.core.advice import (
    DISCLAIMER,
    EMERGENCY_MESSAGE,
    SCREENING,
    SYMPTOMS,
    advise,
    questions_in_order,
    screening_advice,
)

FLAGS = {
    "hip-replacement",
    "knee-pain",
    "pregnancy",
    "back-leg-symptoms",
    "balance",
    "no-floor",
    "seated-only",
}


def yes(*ids: str) -> dict[str, bool]:
    return {s.id: s.id in ids for s in SYMPTOMS}


def first_of_tier(tier: int) -> str:
    return next(s.id for s in SYMPTOMS if s.tier == tier)


def test_nothing_flagged():
    a = advise(yes())
    assert a.tier is None and not a.ends_routine and not a.pause_reminders_today
    assert a.flagged == ()
    assert advise({}).tier is None


def test_tier_one_beats_two_and_three_and_shows_only_the_emergency_message():
    a = advise(yes("dizzy", "calf-swelling", "saddle-numbness"))
    assert a.tier == 1
    assert a.message == EMERGENCY_MESSAGE
    assert "emergency" in a.message.lower()
    assert a.ends_routine and a.pause_reminders_today
    assert a.flagged == ("saddle-numbness", "calf-swelling", "dizzy")


@pytest.mark.parametrize("sid", [s.id for s in SYMPTOMS if s.tier == 1])
def test_every_tier_one_item_gives_the_emergency_message(sid):
    a = advise({sid: True})
    assert (a.tier, a.message, a.ends_routine) == (1, EMERGENCY_MESSAGE, True)


def test_tier_two_beats_three_ends_the_routine_and_pauses_reminders_today():
    a = advise(yes("foot-drop", "sharp-in-stretch"))
    assert (a.tier, a.ends_routine, a.pause_reminders_today) == (2, True, True)
    assert a.message != EMERGENCY_MESSAGE


def test_tier_three_stops_the_stretch_but_not_the_routine():
    a = advise(yes("sharp-in-stretch"))
    assert (a.tier, a.ends_routine, a.pause_reminders_today) == (3, False, False)


def test_no_answer_is_ever_framed_as_treatment():
    texts = [advise({s.id: True}).message for s in SYMPTOMS] + [DISCLAIMER]
    for text in texts:
        assert not re.search(r"\b(cures?|heals?|fix(es)?|relieves?|prevents?)\b", text, re.I), text


def test_partial_answers_are_fine_and_unknown_ids_are_refused():
    assert advise({"chest-breath": True}).tier == 1
    assert advise({first_of_tier(3): False}).tier is None
    with pytest.raises(ValueError, match="nope"):
        advise({"nope": True})
    with pytest.raises(ValueError, match="also-nope"):
        advise({"also-nope": False})


def test_symptoms_are_unique_tiered_questions_asked_most_serious_first():
    assert len({s.id for s in SYMPTOMS}) == len(SYMPTOMS)
    assert {s.tier for s in SYMPTOMS} == {1, 2, 3}
    assert all(s.question.endswith("?") for s in SYMPTOMS)
    tiers = [s.tier for s in SYMPTOMS]
    assert tiers == sorted(tiers), "SYMPTOMS lists tier 1 first"
    ordered = [s.tier for s in questions_in_order()]
    assert ordered == sorted(ordered) and ordered[0] == 1
    assert set(questions_in_order()) == set(SYMPTOMS)


def test_screening_covers_exactly_the_seven_flags_once():
    flags = [q.flag for q in SCREENING]
    assert len(flags) == 7
    assert set(flags) == FLAGS
    assert all(q.question.endswith("?") and q.why for q in SCREENING)


def test_the_screening_flags_are_the_routine_engines():
    from loosen.core.routine import FLAGS as ENGINE_FLAGS

    assert set(ENGINE_FLAGS) == FLAGS


def test_screening_advice():
    assert screening_advice({q.flag: False for q in SCREENING}) is None
    assert screening_advice({}) is None
    assert "surgeon" in (screening_advice({"hip-replacement": True}) or "")
    assert "midwife" in (screening_advice({"pregnancy": True}) or "")
    assert screening_advice({"balance": True}) is not None


def test_the_disclaimer_and_emergency_message_say_what_they_must():
    low = DISCLAIMER.lower()
    assert "not medical advice" in low and "emergency" in low
    emergency = EMERGENCY_MESSAGE.lower()
    assert "emergency number" in emergency and "emergency department" in emergency

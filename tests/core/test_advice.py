from __future__ import annotations

import pytest

from loosen.core.advice import (
    EMERGENCY_MESSAGE,
    SCREENING,
    SYMPTOMS,
    advise,
    questions_in_order,
    screening_advice,
)
from loosen.core.routine import FLAGS


def yes(*ids: str) -> dict[str, bool]:
    return {s.id: s.id in ids for s in SYMPTOMS}


def test_nothing_flagged():
    a = advise(yes())
    assert a.tier is None and not a.ends_routine and not a.pause_reminders_today
    assert a.flagged == ()


def test_tier_one_beats_everything_and_shows_only_the_emergency_message():
    a = advise(yes("dizzy", "calf-swelling", "saddle-numbness"))
    assert a.tier == 1
    assert a.message == EMERGENCY_MESSAGE
    assert "emergency" in a.message.lower()
    assert a.ends_routine
    assert a.flagged == ("saddle-numbness", "calf-swelling", "dizzy")


def test_tier_two_ends_the_routine_and_pauses_reminders_today():
    a = advise(yes("foot-drop", "sharp-in-stretch"))
    assert (a.tier, a.ends_routine, a.pause_reminders_today) == (2, True, True)


def test_tier_three_stops_the_stretch_but_not_the_routine():
    a = advise(yes("sharp-in-stretch"))
    assert (a.tier, a.ends_routine, a.pause_reminders_today) == (3, False, False)


def test_partial_answers_are_fine_and_unknown_ids_are_refused():
    assert advise({"chest-breath": True}).tier == 1
    with pytest.raises(ValueError, match="nope"):
        advise({"nope": True})


def test_questions_are_asked_most_serious_first():
    tiers = [s.tier for s in questions_in_order()]
    assert tiers == sorted(tiers) and tiers[0] == 1
    assert len({s.id for s in SYMPTOMS}) == len(SYMPTOMS)


def test_screening_covers_every_flag_once():
    assert sorted(q.flag for q in SCREENING) == sorted(FLAGS)


def test_screening_advice():
    assert screening_advice({q.flag: False for q in SCREENING}) is None
    assert "surgeon" in (screening_advice({"hip-replacement": True}) or "")
    assert "midwife" in (screening_advice({"pregnancy": True}) or "")
    assert screening_advice({"balance": True}) is not None

"""One rule for what counts as a break."""

from loosen.core.credit import credit


def test_skipping_every_step_to_the_end_is_not_a_break():
    c = credit([(30.0, 0.0)] * 8)
    assert not c.counts
    assert c.why() == (
        "Not counted as a break: 0:00 of moving; a routine counts after 3:00 of moving or half "
        "of it (2:00)."
    )


def test_half_of_the_routine_or_three_minutes_of_moving_counts():
    assert credit([(30.0, 30.0)] * 4 + [(30.0, 0.0)] * 4).counts  # half of a 4-minute routine
    assert not credit([(30.0, 30.0)] * 3 + [(30.0, 0.0)] * 5).counts
    assert credit([(60.0, 60.0)] * 3 + [(60.0, 0.0)] * 7).counts  # 3 of 10 minutes
    assert credit([(30.0, 30.0)] * 8).why() == "This counts as your break."


def test_time_beyond_a_step_s_plan_does_not_count_twice():
    assert not credit([(30.0, 3000.0), (300.0, 0.0), (300.0, 0.0)]).counts

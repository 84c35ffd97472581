"""Issue 17 item 6: the "auroraview" logger's level may change at any time, both ways
(scenarios/log_level.py): the core's lines follow it, not the level the first view saw."""


def test_the_loggers_level_takes_effect_when_it_changes(run_scenario):
    lines = run_scenario("log_level")["lines"]
    assert lines[0] == []  # WARNING: the core's debug line is not logged
    assert len(lines[1]) == 1 and lines[1][0][0] == "DEBUG"  # lowered to DEBUG: it is
    assert "event 'nobody_listens' has no handler" in lines[1][0][1]
    assert lines[2] == []  # raised to WARNING again: it is not

"""Slow work in a thread: its events in order, ticks while it is silent, its error raised in the
handler, and a cancel flag set when the handler is closed."""

import threading
import time

import pytest

from ui import background


def test_events_arrive_in_order_with_ticks_in_the_silences():
    def work(emit, cancelled):
        emit("a")
        time.sleep(0.35)
        emit("b")

    events = list(background.run(work, tick=0.1))
    assert events[0] == "a" and events[-1] == "b"
    assert 2 <= events.count(background.TICK) <= 4


def test_an_error_in_the_work_is_raised_in_the_handler():
    def work(emit, cancelled):
        emit("a")
        raise ValueError("broken")

    events = background.run(work, tick=0.1)
    assert next(events) == "a"
    with pytest.raises(ValueError, match="broken"):
        next(events)


def test_closing_the_handler_cancels_the_work():
    seen = threading.Event()

    def work(emit, cancelled):
        while not cancelled.wait(0.02):
            emit("step")
        seen.set()

    events = background.run(work, tick=0.1)
    assert next(events) == "step"
    events.close()
    assert seen.wait(2)

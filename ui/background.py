"""Slow work (an answer from a local model, an ingest) in a thread, so a handler can say how long
it has been waiting while it waits, and can stop the work when the page cancels it.

Gradio cancels a streaming handler by closing its generator; closing `run()`'s generator sets
`cancelled`, which the work checks between steps (closing the answer stream stops the model).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any

TICK = object()  # nothing new for `tick` seconds: the handler may redraw its progress


class _Failed:
    def __init__(self, error: BaseException):
        self.error = error


_DONE = object()


def run(work: Callable[[Callable[[Any], None], threading.Event], None], tick: float = 1.0) -> Iterator[Any]:
    """What `work(emit, cancelled)` emits, in order, with TICK after each `tick` seconds of
    silence; an exception in the work is raised here."""
    events: queue.Queue = queue.Queue()
    cancelled = threading.Event()

    def target() -> None:
        try:
            work(events.put, cancelled)
        except BaseException as error:  # handed to the handler, which maps it to a message
            events.put(_Failed(error))
        finally:
            events.put(_DONE)

    threading.Thread(target=target, name="policyqa-ui-work", daemon=True).start()
    try:
        while True:
            try:
                item = events.get(timeout=tick)
            except queue.Empty:
                yield TICK
                continue
            if item is _DONE:
                return
            if isinstance(item, _Failed):
                raise item.error
            yield item
    finally:
        cancelled.set()

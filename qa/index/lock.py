"""One writer at a time on a data dir: an ingest or a removal holds an exclusive file lock
(`ingest.lock`) while it builds and publishes a generation, so a second one waits (with a message)
or fails with one line, and never deletes the first one's half-built generation."""

from __future__ import annotations

import contextlib
import fcntl
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from qa.errors import UnavailableError

LOCK_FILE = "ingest.lock"
_POLL_SECONDS = 0.2


class IndexBusyError(UnavailableError):
    """Another ingest holds the data dir for longer than we were willing to wait."""


@contextlib.contextmanager
def writer_lock(folder: Path, timeout: float, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / LOCK_FILE).open("a+") as handle:
        deadline = time.monotonic() + timeout
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusyError(
                        f"another ingest is still running on {folder} after {timeout:g} s; try again later"
                    ) from None
                if on_wait and not told:
                    on_wait(f"another ingest is running on {folder}; waiting up to {timeout:g} s…")
                    told = True
                time.sleep(_POLL_SECONDS)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)

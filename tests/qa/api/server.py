"""A real uvicorn server for an app, on a free local port, in a thread: what HTTP clients
(httpx, the openai package) are tested against."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import httpx
import uvicorn


@contextlib.contextmanager
def serving(app) -> Iterator[str]:
    """Yields the server's base URL (http://127.0.0.1:PORT) while it runs."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextlib.contextmanager
def authorized(url: str, token: str) -> Iterator[httpx.Client]:
    """An httpx client for the server that sends the bearer token (timeout long enough for the
    first request, which loads the embedding model)."""
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=300) as client:
        yield client

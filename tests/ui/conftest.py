"""The real chat app on a free port, on the session's real index (started once, for the
gradio_client and browser tests)."""

from __future__ import annotations

import socket
from dataclasses import dataclass

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RunningApp:
    url: str
    settings: object
    demo: object


def start(settings, service) -> RunningApp:
    from ui.app import launch

    port = free_port()
    demo = launch(settings, "127.0.0.1", port, service=service, block=False)
    return RunningApp(f"http://127.0.0.1:{port}/", settings, demo)


@pytest.fixture(scope="session")
def ui_app(real_settings, answer_service):
    app = start(real_settings, answer_service)
    yield app
    app.demo.close()

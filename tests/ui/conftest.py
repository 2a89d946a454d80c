"""The real page on a free port, over the session's real index (started once, for the
gradio_client and browser tests), and a copy of that index for the tests that change the library."""

from __future__ import annotations

import shutil
import socket
from dataclasses import dataclass, replace

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RunningApp:
    url: str
    application: object
    demo: object

    @property
    def settings(self):
        return self.application.settings


def start(application) -> RunningApp:
    from ui.app import launch

    port = free_port()
    demo = launch(application, "127.0.0.1", port, block=False)
    return RunningApp(f"http://127.0.0.1:{port}/", application, demo)


@pytest.fixture(scope="session")
def ui_app(application):
    """The page over the session's index: nothing here changes the library."""
    app = start(application)
    yield app
    app.demo.close()


@pytest.fixture(scope="module")
def own_library(real_settings, tmp_path_factory):
    """A PolicyQA over a copy of the session's index (the built-in corpus, real model), for
    tests that upload and remove documents."""
    from qa.application import PolicyQA

    data_dir = tmp_path_factory.mktemp("own-library") / "data"
    shutil.copytree(real_settings.data_dir, data_dir)
    return PolicyQA(replace(real_settings, data_dir=data_dir))

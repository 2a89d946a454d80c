"""`policyqa ui`: the chat for staff in a browser (Gradio)."""

from __future__ import annotations

import argparse
import sys

from qa.cli.common import add_command, add_no_default_corpus, application, ensure_index, tell


def register(commands: argparse._SubParsersAction) -> None:
    ui = add_command(
        commands, "ui", run, "Serve the chat for staff in a browser (Gradio), on 127.0.0.1:7860 by default."
    )
    add_no_default_corpus(ui)
    ui.add_argument("--host", default="127.0.0.1", help="default 127.0.0.1 (this machine only)")
    ui.add_argument("--port", type=int, default=7860, help="default 7860")


def run(args: argparse.Namespace) -> None:
    from ui.app import launch  # imports gradio: only for this command

    app = application(args)
    ensure_index(app)
    app.warm()  # no index: the one-line error, before announcing a server
    if resumed := app.resume_expansions():  # a crash or a stop left their questions unfinished
        tell(f"writing everyday questions again for {len(resumed)} uploaded documents: {', '.join(resumed)}")
    login = " (login required)" if app.settings.ui_user else ""
    print(f"policyqa chat on http://{args.host}:{args.port}{login}; Ctrl-C to stop", file=sys.stderr)
    launch(app, args.host, args.port)

"""`policyqa serve`: the HTTP API (REST + OpenAI-compatible /v1/chat/completions)."""

from __future__ import annotations

import argparse
import sys

from qa.cli.common import add_command, add_no_default_corpus, application, ensure_index, tell


def register(commands: argparse._SubParsersAction) -> None:
    serve = add_command(
        commands, "serve", run, "Serve the HTTP API (REST + OpenAI-compatible /v1/chat/completions)."
    )
    add_no_default_corpus(serve)
    serve.add_argument("--host", default="127.0.0.1", help="default 127.0.0.1")
    serve.add_argument("--port", type=int, default=8000, help="default 8000")


def run(args: argparse.Namespace) -> None:
    import uvicorn  # the server's imports only for this command

    from qa.api.app import create_app

    app = application(args)
    ensure_index(app)
    if resumed := app.resume_expansions():  # a crash or a stop left their questions unfinished
        tell(f"writing everyday questions again for {len(resumed)} uploaded documents: {', '.join(resumed)}")
    api = create_app(app.settings, application=app)
    print(
        f"policyqa API on http://{args.host}:{args.port} (OpenAPI at /docs and /openapi.json)",
        file=sys.stderr,
    )
    uvicorn.run(api, host=args.host, port=args.port, log_level="warning")

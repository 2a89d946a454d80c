"""The `policyqa` command line: one module per command, each registering its own arguments and
working through the application facade (qa.application.PolicyQA), never the searcher, the store,
the ingestor or the answer service. User errors end in one line on stderr and a non-zero exit code."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from qa.cli import (
    ask,
    clauses,
    docs,
    evaluate,
    expand,
    ingest,
    models,
    remove,
    repair,
    search,
    serve,
    status,
    ui,
)
from qa.config import go_offline
from qa.errors import ErrorKind, PolicyQAError

# The commands in the order `policyqa --help` lists them.
COMMANDS = (status, docs, clauses, repair, ingest, expand, remove, search, ask, evaluate, models, serve, ui)

# The exit code of a user error, by its kind (qa/errors.py). Every kind is 1 for now: scripts and
# the README rely on "1: your mistake or set-up", and no caller yet needs to tell them apart;
# this dict is the one place to change that.
EXIT_CODES: dict[ErrorKind, int] = {
    "invalid": 1,
    "not_found": 1,
    "too_large": 1,
    "conflict": 1,
    "unavailable": 1,
    "empty": 1,
}
INTERRUPTED = 130  # the shell's code for Ctrl-C (128 + SIGINT)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policyqa",
        description="Answers Chinese questions about education-policy documents, citing the exact clause.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    go_offline()
    args = build_parser().parse_args(argv)
    try:
        args.handler(args)
    except PolicyQAError as error:
        print(f"policyqa: error: {error}", file=sys.stderr)
        return EXIT_CODES[error.kind]
    except KeyboardInterrupt:
        print("policyqa: interrupted", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:  # `policyqa clauses X | head`
        return 0
    return 0

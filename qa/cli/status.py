"""`policyqa status`: where the index is, which generation serves, what waits out its grace
period, and its size on disk."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from qa.cli.common import add_command, application, print_json

if TYPE_CHECKING:
    from qa.application import IndexStatus


def register(commands: argparse._SubParsersAction) -> None:
    status = add_command(commands, "status", run, "Show the index: where, which generation serves, its size.")
    status.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> None:
    status = application(args).status()
    if args.json:
        print_json(status.to_dict())
    else:
        print(describe(status))


def describe(status: IndexStatus) -> str:
    lines = [f"index: {status.store}", f"serving: {status.active or 'nothing yet (run `policyqa ingest`)'}"]
    waiting = [g for g in status.generations if g != status.active]
    if waiting:
        lines.append(f"kept for readers (grace {status.grace_seconds:g} s): {', '.join(waiting)}")
    lines.append(f"documents: {status.documents}, clauses: {status.clauses}")
    if status.size_bytes is not None:
        lines.append(f"size on disk: {status.size_bytes / 2**20:.1f} MB")
    return "\n".join(lines)

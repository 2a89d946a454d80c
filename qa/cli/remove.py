"""`policyqa remove DOC ...`: take documents out of the index."""

from __future__ import annotations

import argparse

from qa.cli.common import add_command, application, tell


def register(commands: argparse._SubParsersAction) -> None:
    remove = add_command(commands, "remove", run, "Remove documents from the index.")
    remove.add_argument("doc_ids", nargs="+", metavar="DOC", help="doc_id(s) to remove")


def run(args: argparse.Namespace) -> None:
    summary = application(args).remove(args.doc_ids, on_wait=tell)
    print(summary.text())

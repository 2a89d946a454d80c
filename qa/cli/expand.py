"""`policyqa expand [PATH ...]`: write everyday questions for documents' clauses with the local
model (document expansion), kept in an `expansions/` folder beside the documents; questions that
still match their clause's text are kept, not written again. Default: the built-in corpus, whose
questions are kept in the repo (corpus/expansions/). The next `policyqa ingest` indexes them."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from qa.cli.common import add_command, application, parsing, print_json


def register(commands: argparse._SubParsersAction) -> None:
    expand = add_command(
        commands,
        "expand",
        run,
        "Write everyday questions for documents' clauses with the local model (document expansion).",
    )
    expand.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the corpus)")
    expand.add_argument(
        "--out",
        metavar="DIR",
        help="where to keep them (default: an expansions/ folder beside the documents)",
    )
    expand.add_argument("--json", action="store_true", help="print the counts as JSON")


def run(args: argparse.Namespace) -> None:
    app = application(args)
    paths = [Path(p) for p in args.paths]
    chosen = app.library.files(paths, None, parsing) if paths else app.library.corpus(parsing)
    started = time.perf_counter()
    counts: dict[str, int] = {}
    for document in chosen:
        folder = Path(args.out) if args.out else app.expansions.folder_beside(document)
        counts |= app.write_questions(
            [document],
            folder,
            lambda doc_id, done, total: print(f"\r{doc_id} {done}/{total}", end="", file=sys.stderr),
        )
        print(file=sys.stderr)
    seconds = time.perf_counter() - started
    if args.json:
        print_json({"questions": counts, "seconds": round(seconds, 1)})
    else:
        for doc_id, count in counts.items():
            print(f"{doc_id}: {count} questions")
        print(f"seconds: {seconds:.1f}")

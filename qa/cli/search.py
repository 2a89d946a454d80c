"""`policyqa search QUESTION`: the clauses that match a question (dense + BM25, fused)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from qa.cli.common import add_command, add_no_default_corpus, application, ensure_index, print_json
from qa.records import Hit, source_label

if TYPE_CHECKING:
    from qa.application import Found

PREVIEW_CHARS = 160


def register(commands: argparse._SubParsersAction) -> None:
    search = add_command(
        commands, "search", run, "Find the clauses that match a question (dense + BM25, fused)."
    )
    add_no_default_corpus(search)
    search.add_argument("question", metavar="QUESTION", help="问题, in Chinese")
    search.add_argument("--top-k", type=int, default=None, help="how many clauses (default 5)")
    search.add_argument("--doc", action="append", metavar="DOC_ID", help="only this document (repeatable)")
    search.add_argument(
        "--city", action="append", help="only documents of this city or district (repeatable)"
    )
    search.add_argument("--year", action="append", type=int, help="only documents of this year (repeatable)")
    search.add_argument(
        "--no-scope", action="store_true", help="don't restrict to places/years the question names"
    )
    search.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> None:
    from qa.application import SearchRequest

    app = application(args)
    question = app.validate(args.question)  # an empty question fails before any index is built
    ensure_index(app)
    found = app.search(
        SearchRequest(
            question,
            args.top_k,
            tuple(args.doc or ()),
            tuple(args.city or ()),
            tuple(args.year or ()),
            scoped=not args.no_scope,
        )
    )
    if args.json:
        print_json(found.to_dict())
    else:
        print_found(found)


def print_found(found: Found) -> None:
    if found.scope_doc_ids is not None:
        print(f"范围: {found.scope_description or ', '.join(found.scope_doc_ids)}")
    if not found.hits:
        print("no matching clause")
    for rank, hit in enumerate(found.hits, 1):
        print(describe(rank, hit))


def describe(rank: int, hit: Hit) -> str:
    ranks = " ".join(f"{name}#{place}" if place else f"{name}:-" for name, place in hit.ranks.items())
    text = hit.text.replace("\n", " ")
    preview = text[:PREVIEW_CHARS] + ("…" if len(text) > PREVIEW_CHARS else "")
    label = source_label(hit.doc_title, None, hit.locator)
    return f"\n{rank}. {label} {hit.title}  (score {hit.score:.4f}; {ranks})\n   {preview}"

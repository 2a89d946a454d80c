"""What every command shares: settings from the arguments, the one place a command gets its
`PolicyQA`, progress bars and messages on stderr, tables and JSON on stdout, and building the
built-in corpus's index on first use."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from qa.config import Settings
from qa.corpus.loader import find_document, load_document
from qa.records import Document

# qa.application loads the whole pipeline (Chroma, llama-index, the model's libraries): it is
# imported when a command runs, so `policyqa --help`, `clauses` or `repair` start at once.
if TYPE_CHECKING:
    from qa.application import IngestHooks, PolicyQA

Handler = Callable[[argparse.Namespace], None]


# -- the parser ---------------------------------------------------------------------------------
def add_command(
    commands: argparse._SubParsersAction, name: str, handler: Handler, help_text: str
) -> argparse.ArgumentParser:
    """A sub-command with the options every command takes (where the documents and the index are)."""
    sub = commands.add_parser(name, help=help_text, description=help_text)
    sub.add_argument("--corpus", metavar="DIR", help="folder of documents (default: the built-in corpus/)")
    sub.add_argument(
        "--data-dir", metavar="DIR", help="where the index lives (env POLICYQA_DATA_DIR; default data/)"
    )
    sub.add_argument("--chroma-url", metavar="URL", help="use a Chroma server, e.g. http://127.0.0.1:8000")
    sub.add_argument(
        "--embedding-model",
        metavar="NAME",
        help="m3e-small (bundled) or a sentence-transformers id or folder",
    )
    sub.set_defaults(handler=handler)
    return sub


def add_no_default_corpus(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-default-corpus",
        action="store_true",
        help="on an empty data dir, do not build the built-in corpus's index (POLICYQA_DEFAULT_CORPUS=0)",
    )


# -- settings and the facade --------------------------------------------------------------------
def settings(args: argparse.Namespace) -> Settings:
    """The environment's settings, with what the command line gives taking precedence."""
    return Settings.from_env(
        data_dir=getattr(args, "data_dir", None),
        chroma_url=getattr(args, "chroma_url", None),
        embedding_model=getattr(args, "embedding_model", None),
        corpus_dir=getattr(args, "corpus", None),
        openai_base_url=getattr(args, "openai_base_url", None),
        openai_model=getattr(args, "openai_model", None),
        judge_base_url=getattr(args, "judge_url", None),
        judge_model=getattr(args, "judge_model", None),
        # None leaves POLICYQA_DEFAULT_CORPUS (or the default) in charge
        default_corpus=False if getattr(args, "no_default_corpus", False) else None,
    )


def application(args: argparse.Namespace, scope: Callable[[Settings], Settings] | None = None) -> PolicyQA:
    """The facade a command works through: the only place a command gets one. `scope` moves the
    settings elsewhere first (the evaluation's own index)."""
    from qa.application import PolicyQA

    chosen = settings(args)
    return PolicyQA(scope(chosen) if scope else chosen)


# -- stderr: messages and progress ---------------------------------------------------------------
def tell(message: str) -> None:
    """A line for the person at the terminal, apart from the command's output."""
    print(f"policyqa: {message}", file=sys.stderr, flush=True)


def progress(items: list, description: str, unit: str = "doc") -> Iterable:
    from tqdm import tqdm

    # disable=None: a bar on a terminal, silence in pipes and CI logs.
    return tqdm(items, desc=description, unit=unit, disable=None, file=sys.stderr)


def parsing(files: list) -> Iterable:
    """The files, with a "parsing" bar while they are read (the library's `progress` hook)."""
    return progress(files, "parsing")


def bar(total: int | None, description: str, unit: str = "question") -> AbstractContextManager:
    """A counting bar; `with bar(...) as b:` and `b.update(n)`."""
    from tqdm import tqdm

    return tqdm(total=total, desc=description, unit=unit, disable=None, file=sys.stderr)


@contextmanager
def counting(total: int | None, description: str, unit: str) -> Iterator[Callable[[int], None]]:
    """A bar whose value is its `update`: what the evaluation runner takes as `bars`."""
    with bar(total, description, unit) as shown:
        yield shown.update


class EmbeddingBar:
    """The embedding bar of an ingest: opened once the ingest knows how many windows it embeds."""

    def __init__(self) -> None:
        self._bar = None

    def _plan(self, total: int) -> None:
        self._bar = bar(total, "embedding", "window")

    def _advance(self, count: int) -> None:
        if self._bar is not None:
            self._bar.update(count)

    def hooks(self) -> IngestHooks:
        from qa.application import IngestHooks

        return IngestHooks(on_plan=self._plan, progress=self._advance, on_wait=tell)

    def __enter__(self) -> EmbeddingBar:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._bar is not None:
            self._bar.close()


def ensure_index(app: PolicyQA) -> None:
    """The first ask/search/serve/ui on an empty data dir builds the built-in corpus's index
    itself, instead of failing; `--no-default-corpus` (POLICYQA_DEFAULT_CORPUS=0) keeps an empty
    library empty (settings() turns the flag into Settings.default_corpus)."""

    def announce_then_parse(files: list) -> Iterable:
        # called only when the facade has found no index and is about to build one
        where = app.settings.chroma_url or app.settings.data_dir
        tell(
            f"no index yet in {where}: building it from the built-in corpus ({app.settings.corpus_dir}), once"
        )
        return parsing(files)

    with EmbeddingBar() as embedding:
        summary = app.ensure_index(embedding.hooks(), announce_then_parse)
    if summary is not None:
        tell(f"indexed {summary.clauses} clauses of {len(summary.added)} documents")


# -- stdout: JSON and tables ---------------------------------------------------------------------
def print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _width(text: str) -> int:
    """Columns a terminal gives the text (a Chinese character takes two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def table(rows: list[list[str]]) -> str:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)).rstrip()
        for row in rows
    )


# -- documents named on the command line -------------------------------------------------------
def named_document(args: argparse.Namespace) -> Document:
    """DOC as a file path when it is one, else a doc_id of the corpus folder."""
    path = Path(args.doc)
    if path.suffix and path.exists():
        return load_document(path)
    return find_document(application(args).library.corpus(parsing), args.doc)

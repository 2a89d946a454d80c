"""`policyqa ask QUESTION` (or `--file FILE`): a cited answer, or an honest refusal."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from qa.cli.common import add_command, add_no_default_corpus, application, ensure_index, print_json
from qa.config import GENERATORS
from qa.errors import PolicyQAError
from qa.records import Answer, Verification

if TYPE_CHECKING:
    from qa.application import AskRequest, PolicyQA


def register(commands: argparse._SubParsersAction) -> None:
    ask = add_command(
        commands, "ask", run, "Answer a question with cited clauses, or say the documents don't cover it."
    )
    add_no_default_corpus(ask)
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
    ask.add_argument(
        "--verify",
        action="store_true",
        help="check the answer with a second reader (the local model, or POLICYQA_CHECK_BASE_URL; seconds)",
    )


def run(args: argparse.Namespace) -> None:
    questions = given_questions(args)  # argument mistakes fail before any index is built
    app = application(args)
    ensure_index(app)
    if args.file:
        for question in questions:  # one answer per line, in order; models load once
            answer_line(app, args, question)
        return
    answer = app.ask(request(args, args.question, tuple(args.after or ())))
    if args.json:
        print_json(answer.to_dict())
    else:
        print_answer(answer)


def given_questions(args: argparse.Namespace) -> list[str]:
    """The question, or the non-blank lines of --file, each a question."""
    if not args.file:
        if not args.question:
            raise PolicyQAError("give a question, or --file FILE with one question per line")
        return [args.question]
    if args.question:
        raise PolicyQAError("give a question or --file, not both")
    try:
        lines = Path(args.file).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise PolicyQAError(f"{args.file}: cannot be read ({error})") from None
    return [line.strip() for line in lines if line.strip()]


def request(args: argparse.Namespace, question: str, history: tuple[str, ...] = ()) -> AskRequest:
    from qa.application import AskRequest

    return AskRequest(
        question,
        top_k=args.top_k,
        doc_ids=tuple(args.doc or ()),
        cities=tuple(args.city or ()),
        years=tuple(args.year or ()),
        generator=args.generator,
        history=history,
        verify=args.verify,
    )


def answer_line(app: PolicyQA, args: argparse.Namespace, question: str) -> None:
    """One question of --file: a JSON line (flushed, for a reader on a pipe) or the printed answer."""
    answer = app.ask(request(args, question))
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False), flush=True)
        return
    print(f"问：{question}")
    print_answer(answer)
    print()


def verification_line(verification: Verification) -> str:
    """已核对（P(是) 0.91，local:…gguf，4.2 秒）, or 未核对 with the reason."""
    if verification.verdict == "unchecked":
        return f"{verification.label()}（{verification.note}）"
    how = "" if verification.method == "logprobs" else "，一字作答，无概率"
    return (
        f"{verification.label()}（P(是) {verification.p_yes:.2f}，{verification.model}，"
        f"{verification.ms / 1000:.1f} 秒{how}）"
    )


def print_answer(answer: Answer) -> None:
    if answer.resolved_question:
        print(f"理解为：{answer.resolved_question}")
    if answer.scope:
        print(f"范围：{answer.scope}")
    print(answer.answer)
    if answer.related:  # clauses on the topic that are not the answer, kept apart from its text
        print(answer.related_note())
    if answer.confidence is not None:
        print(f"\n把握：{answer.confidence:.0%}（文件能回答此问题的判断概率）")
    if answer.verification is not None:
        print(f"核对：{verification_line(answer.verification)}")
    if answer.citations:
        print("\n引用：")
        for c in answer.citations:
            print(f"[{c.n}] {c.ref.label()}\n    “{c.quote}”")

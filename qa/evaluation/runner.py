"""Run the golden questions through the application (follow-ups as conversations), measure the
answers, and write metrics.json, report.md and failures.md. `evaluate` is the whole run that
`policyqa eval` starts; `check_judge` is `policyqa eval --judge-check`."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from qa.application import AskRequest, PolicyQA
from qa.config import REPO_ROOT, Settings
from qa.evaluation import baselines, golden, judge_check, plots
from qa.evaluation.corpus import evaluation_documents, refresh_index
from qa.evaluation.metrics import aggregate, item_metrics
from qa.evaluation.ragas_judge import METRICS as JUDGE_METRICS
from qa.evaluation.ragas_judge import RagasJudge, judged_sample
from qa.records import Answer, Document

DESIGN_COLUMNS = (
    "retrieval.hit@1",
    "retrieval.hit@3",
    "retrieval.hit@5",
    "retrieval.mrr",
    "retrieval.top5_chars",
)
HEADLINE = (
    "retrieval.hit@1",
    "retrieval.hit@5",
    "retrieval.mrr",
    "citation.precision",
    "citation.recall",
    "answer.key_fact_recall",
    "answer.key_fact_recall_all",
    "refusal.accuracy",
    "refusal.false_refusal_rate",
    "refusal.absence_claim_rate",
    "ragas.non_llm_context_precision",
    "ragas.non_llm_context_recall",
    "ragas.string_similarity",
    "ragas.bleu_zh",
    "answer.rouge_l_jieba",
    "ragas.faithfulness",
    "ragas.answer_relevancy",
    "ragas.context_precision",
    "ragas.context_recall",
)

Progress = Callable[[int], None]
# A progress display for one step: bars(total or None, description, unit) gives a context whose
# value counts work done (`advance(n)`); the CLI passes tqdm bars, a test or a script none.
Bars = Callable[[int | None, str, str], AbstractContextManager[Progress]]


def no_bars(total: int | None, description: str, unit: str) -> AbstractContextManager[Progress]:
    return nullcontext(lambda count: None)


@dataclass(frozen=True)
class EvaluationOptions:
    generator: str | None = None  # None: the configured default
    baselines: bool = False  # also naive chunks, BM25 alone and dense alone on the same questions
    judge_sample: int | None = None  # judge at most this many answered items (when a judge is set)
    title: str = "policyqa evaluation"
    out: Path | None = None  # None: eval/reports/<timestamp>/
    verify: bool = False  # every answer checked by the second reader (the check stage)


@dataclass(frozen=True)
class EvaluationRun:
    folder: Path  # where metrics.json, report.md, failures.md … were written
    report: str  # report.md's text
    metrics: dict[str, float]


def answer_item(
    application: PolicyQA, item: golden.GoldenItem, generator: str | None = None, verify: bool = False
) -> Answer:
    """The item's answer; a follow-up is asked as the second turn of a conversation whose first
    turn (its previous question) the application has just answered."""
    history: tuple[str, ...] = ()
    if item.previous:
        first = application.ask(AskRequest(item.previous, generator=generator))
        history = (first.resolved_question or item.previous,)
    return application.ask(AskRequest(item.question, generator=generator, history=history, verify=verify))


def answer_all(
    application: PolicyQA,
    items: list[golden.GoldenItem],
    generator: str | None = None,
    progress: Progress | None = None,
    verify: bool = False,
) -> list[Answer]:
    answers = []
    for item in items:
        answers.append(answer_item(application, item, generator, verify))
        if progress:
            progress(1)
    return answers


class ClauseBook:
    """Every clause of the evaluation documents by id, parsed from the files rather than read from
    the index: a golden item may cite a clause the index leaves out (a heading)."""

    def __init__(self, settings: Settings):
        documents = evaluation_documents(settings)
        self.clauses = {c.clause_id: (d.meta, c) for d in documents for c in d.clauses}

    def text(self, clause_id: str) -> str:
        return self.clauses[clause_id][1].text

    def locate(self, clause_id: str) -> str:
        """《title》locator, as a person would quote it."""
        if clause_id not in self.clauses:
            return clause_id
        meta, clause = self.clauses[clause_id]
        return f"《{meta.title}》{clause.locator}"


def verification_metrics(items: list[golden.GoldenItem], answers: list[Answer]) -> dict[str, float]:
    """How the check stage decided: the share of answers per verdict, how many of the verified (and
    of the 未发现问题) ones were right (answerable, citing an evidence clause), and what a check took."""
    checked = [(item, a) for item, a in zip(items, answers, strict=True) if a.verification is not None]
    if not checked:
        return {"verification.checked": 0}
    verdicts = [a.verification.verdict for _, a in checked]
    verified = [(item, a) for item, a in checked if a.verification.verdict == "verified"]
    right = [item.answered_by({c.clause_id for c in a.citations}) for item, a in verified]
    times = sorted(a.verification.ms for _, a in checked if a.verification.verdict != "unchecked") or [0.0]
    figures = {"verification.checked": len(checked)}
    for verdict in ("verified", "no_issue", "uncertain", "refuted", "unchecked"):
        figures[f"verification.{verdict}_share"] = round(verdicts.count(verdict) / len(checked), 4)
    figures["verification.verified_right"] = round(sum(right) / len(right), 4) if right else 0.0
    clear = [
        item.answered_by({c.clause_id for c in a.citations})
        for item, a in checked
        if a.verification.verdict == "no_issue"
    ]
    figures["verification.no_issue_right"] = round(sum(clear) / len(clear), 4) if clear else 0.0
    figures["verification.check_ms_p50"] = round(times[len(times) // 2], 1)
    figures["verification.check_ms_p95"] = round(times[min(len(times) - 1, int(len(times) * 0.95))], 1)
    return figures


def measure(
    application: PolicyQA,
    items: list[golden.GoldenItem],
    answers: list[Answer],
    extra: list[dict[str, float]] | None = None,
    book: ClauseBook | None = None,
) -> dict[str, float]:
    """All metrics of answered items; `extra` holds per-item scores from `judge`."""
    return aggregate(items, answers, (book or ClauseBook(application.settings)).text, extra)


def run(
    application: PolicyQA,
    items: list[golden.GoldenItem],
    generator: str | None = None,
    progress: Progress | None = None,
) -> tuple[list[Answer], dict[str, float]]:
    """Answers and metrics, no judge, no baselines, nothing written (the regression gate)."""
    started = time.perf_counter()
    answers = answer_all(application, items, generator, progress)
    metrics = measure(application, items, answers)
    metrics["seconds"] = round(time.perf_counter() - started, 1)
    return answers, metrics


def evaluate(
    application: PolicyQA,
    items: list[golden.GoldenItem],
    options: EvaluationOptions = EvaluationOptions(),
    bars: Bars = no_bars,
) -> EvaluationRun:
    """The whole evaluation on `application`, which reads the evaluation index
    (corpus.evaluation_application): the index refreshed, the items answered, a configured judge
    checked and run, the baselines when asked, everything measured and written."""
    with bars(None, "indexing the evaluation corpus", "window") as advance:
        refresh_index(application, advance)
    started = time.perf_counter()
    with bars(len(items), "evaluating", "question") as advance:
        answers = answer_all(application, items, options.generator, advance, options.verify)
    seconds = round(time.perf_counter() - started, 1)
    book = ClauseBook(application.settings)
    extra, judge_figures, judge_errors = _judged(application, items, answers, options, book, bars)
    metrics = measure(application, items, answers, extra, book) | judge_figures | {"seconds": seconds}
    if options.verify:
        metrics |= verification_metrics(items, answers)
    designs = None
    if options.baselines:
        answerable = sum(1 for item in items if item.answerable)
        with bars(answerable * 3, "baselines", "query") as advance:
            documents = evaluation_documents(application.settings)
            designs = run_baselines(application, items, answers, documents, advance)
        metrics.update(flatten_designs(designs))
    folder = write(options.out, items, answers, metrics, options.title, designs, judge_errors, book.locate)
    return EvaluationRun(folder, report(items, answers, metrics, options.title), metrics)


def _judged(
    application: PolicyQA,
    items: list[golden.GoldenItem],
    answers: list[Answer],
    options: EvaluationOptions,
    book: ClauseBook,
    bars: Bars,
) -> tuple[list[dict[str, float]] | None, dict[str, float], list[str] | None]:
    """judge_checked's scores, figures and errors when a judge is configured; else nothing."""
    settings = application.settings
    if not (settings.judge_base_url or settings.judge_model):
        return None, {}, None
    with bars(None, "ragas judge (checked first)", "step") as advance:
        return judge_checked(settings, application, items, answers, options.judge_sample, book, advance)


def judge(
    items: list[golden.GoldenItem],
    answers: list[Answer],
    ragas_judge: RagasJudge,
    chosen: set[str],
    progress: Progress | None = None,
) -> tuple[list[dict[str, float]], dict[str, float]]:
    """ragas' LLM-judged scores for the items in `chosen` (`judged_sample`): per-item scores for
    `measure`, and the judge's own figures (items judged, seconds)."""
    started = time.perf_counter()
    extra = []
    for item, answer in zip(items, answers, strict=True):
        extra.append(ragas_judge.item_scores(item, answer) if item.id in chosen else {})
        if progress and item.id in chosen:
            progress(1)
    return extra, {
        "ragas_judge.items": len(chosen),
        "ragas_judge.seconds": round(time.perf_counter() - started, 1),
    }


def judge_checked(
    settings: Settings,
    application: PolicyQA,
    items: list[golden.GoldenItem],
    answers: list[Answer],
    sample: int | None,
    book: ClauseBook,
    progress: Progress | None = None,
) -> tuple[list[dict[str, float]], dict[str, float], list[str]]:
    """ragas' judged scores, after the judge has been checked on cases with a known verdict: the
    per-item scores, the judge's figures (its agreement per metric among them), and its errors."""
    # the judge embeds with the model the application has loaded already
    ragas_judge = RagasJudge.from_settings(settings, application.service.searcher.embedder)
    checked = judge_check.run(ragas_judge, judge_check.build_cases_for(book.text), progress)
    extra, figures = judge(items, answers, ragas_judge, judged_sample(items, answers, sample), progress)
    return extra, figures | judge_check.agreement(checked), ragas_judge.errors


@dataclass(frozen=True)
class JudgeCheckRun:
    folder: Path
    report: str  # the title and the agreement table


def check_judge(settings: Settings, out: Path | None = None, bars: Bars = no_bars) -> JudgeCheckRun:
    """`policyqa eval --judge-check`: the configured judge on the cases with a known verdict,
    nothing else (no index, no answers)."""
    from qa.index.embedder import get_embedder

    ragas_judge = RagasJudge.from_settings(settings, get_embedder(settings.embedding_model))
    cases = judge_check.build_cases_for(ClauseBook(settings).text)
    with bars(len(cases), "judge check", "case") as advance:
        results = judge_check.run(ragas_judge, cases, advance)
    title = f"Judge check: {settings.judge_model} at {settings.judge_base_url}"
    folder = judge_check.write(out, title, results, ragas_judge.errors)
    table = judge_check.report(results, judge_check.agreement(results)).split("\n\n| metric | case")[0]
    return JudgeCheckRun(folder, f"# {title}\n\n{table}")


def run_baselines(
    application: PolicyQA,
    items: list[golden.GoldenItem],
    answers: list[Answer],
    documents: list[Document],
    progress: Progress | None = None,
) -> dict[str, dict[str, float]]:
    """The same answerable questions through the baseline designs (baselines.py), pipeline last.
    The designs are other retrievals over the application's own index and model, so they take
    its searcher."""
    searcher = application.service.searcher
    designs = [baselines.NaiveChunks(documents, searcher.embedder), *baselines.clause_designs(searcher)]
    return baselines.compare(items, answers, designs, application.settings.top_k, progress)


def flatten_designs(table: dict[str, dict[str, float]]) -> dict[str, float]:
    """`baselines.<design>.<metric>` keys for metrics.json."""
    return {
        f"baselines.{name}.{key}": value for name, values in table.items() for key, value in values.items()
    }


def designs_table(metrics: dict) -> str:
    names = list(dict.fromkeys(key.split(".")[1] for key in metrics if key.startswith("baselines.")))
    if not names:
        return ""
    columns = DESIGN_COLUMNS
    lines = ["| design | " + " | ".join(columns) + " |", "| --- " * (len(columns) + 1) + "|"]
    for name in names:
        cells = [metrics.get(f"baselines.{name}.{c}") for c in columns]
        lines.append(
            f"| {name} | "
            + " | ".join(
                "–" if v is None else f"{v:.0f}" if c.endswith("chars") else f"{v:.3f}"
                for c, v in zip(columns, cells, strict=True)
            )
            + " |"
        )
    return "\n".join(lines)


def _cell(metrics: dict, key: str) -> str:
    """A figure, marked when it comes from a judge that failed its check (judge_check.py)."""
    value = f"{metrics[key]:.3f}"
    name = key.removeprefix("ragas.")
    if key.startswith("ragas.") and metrics.get(f"judge.reliable.{name}") == 0.0:
        value += f" (unreliable: judge agreement {metrics[f'judge.agreement.{name}']:.2f})"
    return value


def group_table(metrics: dict, field: str) -> list[str]:
    """The headline metrics per question type or style (`field`), with each group's count."""
    prefix = f"by_{field}."
    groups = sorted({key.split(".")[1] for key in metrics if key.startswith(prefix)})
    columns = [k for k in HEADLINE if any(f"{prefix}{g}.{k}" in metrics for g in groups)]
    lines = [f"| {field} | n | " + " | ".join(columns) + " |", "| --- " * (len(columns) + 2) + "|"]
    for group in groups:
        cells = [
            f"{metrics[f'{prefix}{group}.{k}']:.2f}" if f"{prefix}{group}.{k}" in metrics else "–"
            for k in columns
        ]
        lines.append(f"| {group} | {metrics[f'{prefix}{group}.count']} | " + " | ".join(cells) + " |")
    return lines


def missed(item: golden.GoldenItem, answer: Answer) -> bool:
    """Evidence not in the top 5, a key fact missing, a false refusal, or an answer where the
    documents have none."""
    values = item_metrics(item, answer)
    return (
        values.get("retrieval.hit@5", 1) < 1
        or values.get("answer.key_fact_recall", 1) < 1
        or values.get("answer.false_refusal", 0) > 0
        or values.get("refusal.accuracy", 1) < 1
    )


def report(items: list[golden.GoldenItem], answers: list[Answer], metrics: dict, title: str) -> str:
    lines = [f"# {title}", "", "| metric | value |", "| --- | --- |"]
    lines += [f"| {key} | {_cell(metrics, key)} |" for key in HEADLINE if key in metrics]
    if table := designs_table(metrics):
        lines += [
            "",
            "## Pipeline vs baselines",
            "",
            "Answerable questions; a passage counts when it is an evidence clause or contains the",
            "evidence quote (baselines.py). `top5_chars`: mean characters in the top 5 passages.",
            "",
            table,
        ]
    if "ragas_judge.items" in metrics:
        lines += [
            "",
            "## ragas judge",
            "",
            f"{metrics['ragas_judge.items']} answered items judged; share that got a score:",
            "",
        ]
        lines += [f"- {name}: {metrics.get(f'ragas_judge.scored.{name}', 0.0):.2f}" for name in JUDGE_METRICS]
    if any(key.startswith("judge.agreement.") for key in metrics):
        lines += ["", "Judge check (cases with a known verdict, judge_check.py): agreement per metric;", ""]
        lines += [
            f"- {name}: {metrics[f'judge.agreement.{name}']:.2f} of {metrics[f'judge.cases.{name}']:.0f} cases"
            + ("" if metrics[f"judge.reliable.{name}"] else f" — below {judge_check.RELIABLE}: unreliable")
            for name in JUDGE_METRICS
            if f"judge.agreement.{name}" in metrics
        ]
    lines += ["", "## Original set vs staff-style set", "", *group_table(metrics, "origin")]
    lines += ["", "## By question type", "", *group_table(metrics, "type")]
    lines += ["", "## By question style", "", *group_table(metrics, "style")]
    lines += ["", "## Near misses, by what the documents lack", "", *group_table(metrics, "miss")]
    lines += ["", "## Built-in corpus vs the documents beyond it", "", *group_table(metrics, "corpus")]
    lines += ["", "## By document level", "", *group_table(metrics, "level")]
    if any(key.startswith("by_aspect.") for key in metrics):
        lines += ["", "## Regulations, by what is asked", "", *group_table(metrics, "aspect")]
    count = sum(missed(item, answer) for item, answer in zip(items, answers, strict=True))
    lines += ["", f"{count} of {len(items)} questions missed: see failures.md."]
    return "\n".join(lines) + "\n"


def failures(
    items: list[golden.GoldenItem], answers: list[Answer], locate: Callable[[str], str], title: str
) -> str:
    """Every missed question: what was expected, what was answered, and the top 3 retrieved."""
    rows = [(item, answer) for item, answer in zip(items, answers, strict=True) if missed(item, answer)]
    lines = [
        f"# Missed questions: {title}",
        "",
        f"{len(rows)} of {len(items)} missed: evidence not in the top 5, a key fact missing, a false",
        "refusal, or an answer where the documents have none.",
    ]
    for item, answer in rows:
        lines += ["", f"## {item.id} · {item.type} · {item.style} · {item.split}", ""]
        if item.previous:
            lines.append(f"- previous turn: {item.previous}")
        lines.append(f"- question: {item.question}")
        if answer.resolved_question:
            lines.append(f"- understood as: {answer.resolved_question}")
        if item.answerable:
            lines.append(f"- expected: {item.answer}")
            lines.append(f"- key facts: {'、'.join(item.key_facts) or '–'}")
            found = [fact for fact in item.key_facts if fact in answer.answer]
            if missing := [fact for fact in item.key_facts if fact not in found]:
                lines.append(f"- missing key facts: {'、'.join(missing)}")
            lines.append(f"- evidence: {'；'.join(locate(e) for e in item.evidence_ids)}")
        else:
            lines.append(f"- expected: a refusal ({item.miss or 'unanswerable'}) — {item.answer}")
        said = answer.answer.replace("\n", " ")
        lines.append(
            f"- answered{' (refused)' if answer.refused else ''}: {said[:300]}{'…' if len(said) > 300 else ''}"
        )
        lines.append(
            f"- top 3 retrieved: {'；'.join(locate(h.clause_id) for h in answer.retrieved[:3]) or '–'}"
        )
    return "\n".join(lines) + "\n"


def write(
    out: Path | None,
    items,
    answers,
    metrics,
    title: str,
    designs: dict[str, dict[str, float]] | None = None,
    judge_errors: list[str] | None = None,
    locate: Callable[[str], str] = str,
) -> Path:
    """report.md, failures.md, metrics.json, answers.jsonl and the PNG charts; `designs` is
    run_baselines' table; `judge_errors` (when a judge ran) goes to judge_errors.txt; `locate`
    names a clause id for a reader (《title》locator)."""
    folder = out or REPO_ROOT / "eval" / "reports" / datetime.now().strftime("%Y%m%d-%H%M%S")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=2), encoding="utf-8")
    (folder / "report.md").write_text(report(items, answers, metrics, title), encoding="utf-8")
    (folder / "failures.md").write_text(failures(items, answers, locate, title), encoding="utf-8")
    for field in ("type", "style"):
        plots.by_group(metrics, folder / f"by_{field}.png", field)
    if designs:
        plots.designs(designs, folder / "baselines.png")
    if judge_errors is not None:
        (folder / "judge_errors.txt").write_text("".join(f"{e}\n" for e in judge_errors), encoding="utf-8")
    with (folder / "answers.jsonl").open("w", encoding="utf-8") as handle:
        for item, answer in zip(items, answers, strict=True):
            handle.write(json.dumps({"id": item.id, **answer.to_dict()}, ensure_ascii=False) + "\n")
    return folder

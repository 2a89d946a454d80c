"""Read the second reader's P(是) for every dev question the fast path answers: the rows the
verification model is fitted on (eval/fit_answerability.py reads them).

For each dev item the application answers it (extractive, fast path, as the evaluation does); a
refusal needs no check and gives no row. An answer's cited clauses go to the reader with the check
prompt (qa/answer/checker.py) and its P(是) is kept with the fast judge's probability and the
label: 1 when the question is answerable and the answer cites one of its evidence clauses.

    .venv/bin/python eval/probe_check.py [--split dev] [--limit N]

Takes about 5–10 s a question on 2 cores with the bundled model. Rows already read with the same
prompt are kept, so an interrupted run resumes. Writes eval/data/check_dev.jsonl and prints AUCs.
The test split is refused: it is frozen and only measured.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.answer.checker import check_messages, reader_for  # noqa: E402
from qa.answer.question import question_shape  # noqa: E402
from qa.answer.slot import read_slot  # noqa: E402
from qa.config import Settings, go_offline  # noqa: E402
from qa.evaluation import corpus, golden  # noqa: E402
from qa.evaluation.runner import answer_item  # noqa: E402

CHECK_ROWS = ROOT / "eval" / "data" / "check_dev.jsonl"


def prompt_digest(messages: list[dict]) -> str:
    return hashlib.sha256(json.dumps(messages, ensure_ascii=False).encode()).hexdigest()[:16]


def auc(labels: list[int], scores: list[float]) -> float | None:
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score(labels, scores)), 3) if 0 < sum(labels) < len(labels) else None


def main() -> None:
    go_offline()
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--data-dir", type=Path)
    args = parser.parse_args()
    try:
        items = golden.for_tuning(args.split)[: args.limit]
    except golden.SplitError as error:
        parser.error(str(error))
    settings = Settings.from_env(data_dir=args.data_dir)
    reader = reader_for(settings)
    if reader is None:
        parser.error("no model to check with: run make llm, or set POLICYQA_CHECK_BASE_URL")
    application = corpus.evaluation_application(settings)
    corpus.refresh_index(application)
    kept = {}
    if CHECK_ROWS.is_file():
        kept = {
            row["id"]: row for row in map(json.loads, CHECK_ROWS.read_text(encoding="utf-8").splitlines())
        }
    rows = []
    started = time.perf_counter()
    for n, item in enumerate(items, 1):
        answer = answer_item(application, item, "extractive")
        if answer.refused or not answer.citations:
            continue
        question = answer.resolved_question or answer.question
        shape = question_shape(question)
        messages = check_messages(question, answer.citations, shape, settings.check_prompt_chars)
        digest = prompt_digest(messages)
        if kept.get(item.id, {}).get("prompt") == digest:
            rows.append(kept[item.id])
            continue
        reading = reader.read(messages)
        rows.append(
            {
                "id": item.id,
                "type": item.type,
                "answerable": item.answerable,
                "label": int(item.answered_by({c.clause_id for c in answer.citations})),
                "judge": answer.confidence if answer.confidence is not None else 0.5,
                "p_yes": round(reading.p_yes, 5),
                "value_slot": read_slot(question, shape).wants_value,
                "yesno": shape == "yesno",
                "method": reading.method,
                "ms": round(reading.ms),
                "prompt": digest,
            }
        )
        print(
            f"{n}/{len(items)} {item.id} p_yes={reading.p_yes:.3f} label={rows[-1]['label']} {reading.ms:.0f} ms"
        )
        with CHECK_ROWS.open("w", encoding="utf-8") as out:  # after every row: a run can be stopped
            for row in {**kept, **{r["id"]: r for r in rows}}.values():
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    asked = {item.id for item in items}
    final = [r for r in {**kept, **{r["id"]: r for r in rows}}.values() if r["id"] in asked]
    with CHECK_ROWS.open("w", encoding="utf-8") as out:
        for row in final:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    labels = [r["label"] for r in final]
    figures = {
        "rows": len(final),
        "positive": sum(labels),
        "auc_p_yes": auc(labels, [r["p_yes"] for r in final]),
        "auc_judge": auc(labels, [r["judge"] for r in final]),
        "auc_p_yes_not_yesno": auc(
            [r["label"] for r in final if not r["yesno"]], [r["p_yes"] for r in final if not r["yesno"]]
        ),
        "median_ms": sorted(r["ms"] for r in final)[len(final) // 2] if final else None,
        "seconds": round(time.perf_counter() - started),
    }
    print(json.dumps(figures, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()

"""The fitted answerability judge: a logistic model over retrieval signals, fitted on dev only,
whose probability is the answer's confidence."""

import json
from pathlib import Path

from qa.answer.answerability import MODEL_FILE, AnswerabilityModel
from qa.answer.evidence import EvidenceStrength

ROWS = Path(__file__).resolve().parents[3] / "eval" / "data" / "answerability_dev.jsonl"


def strength(**values) -> EvidenceStrength:
    base = dict(
        coverage=0.5,
        sentence_coverage=0.5,
        dense=0.75,
        agreement=True,
        missing=(),
        sentence_dense=0.75,
        bm25=0.2,
        fact_match=1.0,
        year_match=1.0,
        rarest_found=1.0,
    )
    return EvidenceStrength(**(base | values))


def test_the_shipped_model_was_fitted_on_dev_and_uses_every_signal():
    shipped = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    model = AnswerabilityModel.load()
    assert shipped["figures"]["fitted_on"] == "dev"
    assert model.features == tuple(strength().features())
    assert 0.0 <= model.threshold < 1.0  # 0: on dev the slot check refuses all the model would


def test_words_standing_together_raise_the_confidence():
    model = AnswerabilityModel.load()
    weak, strong = strength(sentence_coverage=0.1), strength(sentence_coverage=1.0)
    assert model.confidence(weak) < model.confidence(strong)
    assert all(0.0 <= model.confidence(s) <= 1.0 for s in (weak, strong))


def test_the_asked_year_is_the_slot_checks_to_decide_not_the_models():
    """Evidence for another year than asked is refused by the slot check (fill.py) before the
    model, so the fit gives the year no weight (eval/fit_answerability.py, RULED_OUT)."""
    model = AnswerabilityModel.load()
    assert model.coef[model.features.index("year_match")] == 0.0


def test_the_threshold_meets_the_false_refusal_target_on_the_rows_it_was_fitted_on():
    """Re-derived from the stored dev rows with the shipped model: no scikit-learn needed."""
    model = AnswerabilityModel.load()
    figures = json.loads(MODEL_FILE.read_text(encoding="utf-8"))["figures"]
    refused_answerable, answerable = 0, 0
    for line in ROWS.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if not record["answerable"]:
            continue
        answerable += 1
        if record.get("decided") in ("header", "structure"):
            continue  # answered by form, before the model
        open_groups = [g for g in record["groups"] if not g.get("gated")]  # the slot check refused the rest
        values = [{k: v for k, v in g.items() if k not in ("label", "gated")} for g in open_groups]
        probabilities = [
            model.confidence(strength(**v | {"agreement": bool(v["agreement"])})) for v in values
        ]
        if record.get("decided") == "absent" or not any(p >= model.threshold for p in probabilities):
            refused_answerable += 1
    rate = refused_answerable / answerable
    assert round(rate, 3) == figures["dev_false_refusals"] <= figures["target_false_refusals"]

"""Whether the corpus answers a question, as a probability: a logistic model over the retrieval
signals of EvidenceStrength (meaning similarity of clause and sentence, lexical coverage after the
everyday→policy thesaurus, BM25, agreement of meaning and words, answer type and unit, year),
fitted on the development split only by eval/fit_answerability.py. Its probability is the
answer's `confidence`; the threshold was chosen on dev for a target false-refusal rate.

The fitted figures live in qa/resources/answerability.json, so answering needs no scikit-learn."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Protocol

from qa.answer.evidence import EvidenceStrength

MODEL_FILE = Path(str(resources.files("qa.resources") / "answerability.json"))


class AnswerabilityPolicy(Protocol):
    def confidence(self, strength: EvidenceStrength) -> float: ...

    def answerable(self, strength: EvidenceStrength) -> bool: ...


@dataclass(frozen=True)
class AnswerabilityModel:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    threshold: float

    def confidence(self, strength: EvidenceStrength) -> float:
        values = strength.features()
        z = self.intercept + sum(
            c * (values[name] - m) / s
            for name, m, s, c in zip(self.features, self.mean, self.scale, self.coef, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def answerable(self, strength: EvidenceStrength) -> bool:
        return self.confidence(strength) >= self.threshold

    def to_dict(self) -> dict:
        return {
            "features": list(self.features),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "coef": list(self.coef),
            "intercept": self.intercept,
            "threshold": self.threshold,
        }

    @classmethod
    def from_dict(cls, data: dict) -> AnswerabilityModel:
        return cls(
            tuple(data["features"]),
            tuple(data["mean"]),
            tuple(data["scale"]),
            tuple(data["coef"]),
            float(data["intercept"]),
            float(data["threshold"]),
        )

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> AnswerabilityModel:
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8"))["model"])


def logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


# The verification model's inputs: the fast judge's probability and the reader's P(是) (as logits),
# whether the slot check had a value to find (a filled number, date or name is stronger evidence),
# and whether the question is yes/no (the reader reads those differently).
VERIFICATION_FEATURES = ("judge", "p_yes", "value_slot", "yesno")


def verification_features(judge: float, p_yes: float, value_slot: bool, yesno: bool) -> dict[str, float]:
    return {
        "judge": logit(judge),
        "p_yes": logit(p_yes),
        "value_slot": float(value_slot),
        "yesno": float(yesno),
    }


@dataclass(frozen=True)
class VerificationModel:
    """The one calibrated decision after a check: P(the answer answers the question) from the fast
    judge, the slot check and the reader, fitted on dev (eval/fit_answerability.py). Below
    `refuse_below` the answer becomes a refusal; below `clear_above` it keeps a warning (可能未回答
    所问); above, the check found nothing wrong (未发现问题). Only at or above `verified_above` is it
    verified (已核对), a promise: that threshold is set only where the verified answers were right
    at least 0.97 of the time on dev, cross-validated, and is None where no threshold earns it."""

    coef: tuple[float, ...]
    intercept: float
    refuse_below: float
    verified_above: float | None
    features: tuple[str, ...] = VERIFICATION_FEATURES
    clear_above: float | None = None  # None (fitted before 未发现问题 existed): warned up to verified

    def confidence(self, values: dict[str, float]) -> float:
        z = self.intercept + sum(c * values[name] for name, c in zip(self.features, self.coef, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_dict(self) -> dict:
        return {
            "features": list(self.features),
            "coef": list(self.coef),
            "intercept": self.intercept,
            "refuse_below": self.refuse_below,
            "clear_above": self.clear_above,
            "verified_above": self.verified_above,
        }

    @classmethod
    def from_dict(cls, data: dict) -> VerificationModel:
        verified, clear = data.get("verified_above"), data.get("clear_above")
        return cls(
            tuple(float(c) for c in data["coef"]),
            float(data["intercept"]),
            float(data["refuse_below"]),
            float(verified) if verified is not None else None,
            tuple(data["features"]),
            float(clear) if clear is not None else None,
        )

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> VerificationModel | None:
        """The fitted model, or None before one was fitted (answers are then checked but not
        decided on: the verdict stays `uncertain`)."""
        data = json.loads(path.read_text(encoding="utf-8")).get("verification")
        return cls.from_dict(data["model"]) if data else None

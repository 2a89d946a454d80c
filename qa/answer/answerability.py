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

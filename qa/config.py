"""One place for configuration: defaults, overridden by environment variables, then by flags."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser() if value else default


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = field(default_factory=lambda: _env_path("POLICYQA_CORPUS_DIR", REPO_ROOT / "corpus"))
    data_dir: Path = field(default_factory=lambda: _env_path("POLICYQA_DATA_DIR", REPO_ROOT / "data"))

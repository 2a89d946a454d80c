"""HIT 同义词词林（扩展版）: the synonym sets of a general Chinese thesaurus, for the everyday words
staff and parents use where policy texts say otherwise (欺负 → 欺凌).

The data ships in the `wordsimilarity` package (data/cilin_ex.txt, Apache-2.0 packaging of HIT-SCIR's
thesaurus). Only "=" sets are used (words of the same meaning); "#" sets are merely related
(游泳馆 beside 纪念馆) and "@" words stand alone. Single characters and very large sets say too
little to be worth a query term. An expansion is weighed below the word itself (bm25.py), so it
can lift a clause that uses the document's word without drowning those that use the asker's.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from importlib import metadata
from pathlib import Path

log = logging.getLogger(__name__)

DISTRIBUTION = "WordSimilarity"
DATA_FILE = "data/cilin_ex.txt"
MAX_SET = 12  # a larger "=" set is a broad family (人 士 人物 …), not synonyms of one word


def data_file() -> Path | None:
    """Where the installed package put the thesaurus (None: not installed)."""
    try:
        path = Path(str(metadata.distribution(DISTRIBUTION).locate_file(DATA_FILE)))
    except metadata.PackageNotFoundError:
        return None
    return path if path.is_file() else None


def parse(lines: list[str]) -> dict[str, tuple[str, ...]]:
    """word → the other words of its "=" sets, in the file's order."""
    table: dict[str, dict[str, None]] = {}
    for line in lines:
        code, _, rest = line.strip().partition(" ")
        if not code.endswith("="):
            continue
        words = [w for w in rest.split() if len(w) >= 2]
        if not 2 <= len(words) <= MAX_SET:
            continue
        for word in words:
            table.setdefault(word, {}).update(dict.fromkeys(w for w in words if w != word))
    return {word: tuple(others) for word, others in table.items()}


@lru_cache(maxsize=1)
def cilin() -> dict[str, tuple[str, ...]]:
    """The synonym table ({} when the package is missing: retrieval then works as before)."""
    path = data_file()
    if path is None:
        log.warning("the thesaurus package (%s) is not installed: no 词林 expansion", DISTRIBUTION)
        return {}
    return parse(path.read_text(encoding="utf-8").splitlines())

"""The regulation evaluation corpus (eval/data/regulations/, real texts, no manifests) reads as its
SOURCES.md says, for every document: its real name (never a 题注 line), its level, and the date of
its current text (the latest act of its 题注, not its first adoption)."""

import re

import pytest

from qa.config import REPO_ROOT
from qa.corpus.infer import infer_meta

FOLDER = REPO_ROOT / "eval" / "data" / "regulations"
ROW = re.compile(r"^\| `([\w-]+)\.txt` \| (.+?) \| (.+?) \| (.+?) \| (.+?) \| (.+?) \|")
ROWS = [
    m.groups()
    for line in (FOLDER / "SOURCES.md").read_text(encoding="utf-8").splitlines()
    if (m := ROW.match(line))
]


def test_the_corpus_is_as_large_and_as_varied_as_asked():
    assert len(ROWS) >= 40 and len(ROWS) == len(list(FOLDER.glob("*.txt")))
    levels = {level for _, _, level, *_ in ROWS}
    assert {"法律", "行政法规", "地方性法规"} <= levels
    assert sum(1 for *_, domain, _ in ROWS if domain != "education") >= 10
    assert len({place for _, _, _, place, *_ in ROWS} - {"全国"}) >= 4


@pytest.mark.parametrize(
    ("doc_id", "title", "level", "place", "domain", "current"), ROWS, ids=lambda v: str(v)
)
def test_each_document_is_read_by_its_name_level_and_current_version(
    doc_id, title, level, place, domain, current
):
    meta = infer_meta((FOLDER / f"{doc_id}.txt").read_text(encoding="utf-8"))
    assert (meta["title"], meta["level"], meta["date"]) == (title, level, current)
    assert meta["history"] and meta["adopted"] <= meta["date"]

"""Small records for the stage tests: two clauses, a question understood, evidence grouped."""

import pytest

from qa.answer.stages.records import Evidence, EvidenceGroup, Understanding
from qa.records import ClauseRef, Hit
from qa.retrieval.scope import SearchFilters

BOARDING = "29.优化调整中小学校布局。积极稳妥推进农村学校布局调整，2022年新建、改扩建农村寄宿制学校41所。"
DOUBLE = "6.全面推动双减走深走实。将“双减”工作作为重大民生问题推进落实。"


def hit(clause_id: str, text: str, locator: str = "五、29.", dense: float = 0.9) -> Hit:
    ref = ClauseRef(
        clause_id,
        clause_id.split("/")[0],
        "corpus/x.txt",
        locator,
        "洛阳市教育局2022年教育工作要点",
        "洛教〔2022〕1号",
    )
    return Hit(
        ref,
        text.split("。")[0],
        0.03,
        text,
        ranks={"dense": 1, "bm25": 1},
        signal_scores={"dense": dense},
    )


def understanding(asked: str = "洛阳新建多少所农村寄宿制学校？", kind: str = "number") -> Understanding:
    return Understanding(asked, asked, None, kind, SearchFilters(), 5)


@pytest.fixture
def evidence() -> Evidence:
    hits = [hit("ly/c29", BOARDING), hit("hy/c6", DOUBLE, "二、6.", 0.6)]
    return Evidence(
        understanding(),
        hits,
        [EvidenceGroup(None, hits)],
        "洛阳",
        ["新建", "农村", "寄宿制", "学校"],
        lambda t: 1.0,
    )


@pytest.fixture
def compared() -> Evidence:
    """洛阳 has a boarding-school clause; 衡阳's only clause is about 双减."""
    luoyang, hengyang = [hit("ly/c29", BOARDING)], [hit("hy/c6", DOUBLE, "二、6.", 0.6)]
    groups = [EvidenceGroup("洛阳", luoyang), EvidenceGroup("衡阳", hengyang)]
    return Evidence(
        understanding("洛阳和衡阳新建多少所农村寄宿制学校？"),
        luoyang + hengyang,
        groups,
        "洛阳、衡阳",
        ["新建", "农村", "寄宿制", "学校"],
        lambda t: 1.0,
    )

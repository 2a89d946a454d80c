"""The five built-in documents parse into the clause trees their texts have."""

import pytest

from qa.config import Settings
from qa.corpus.loader import load_document


def units(document, kind):
    return [c for c in document.clauses if c.kind == kind]


def numbers(document):
    return [c.number for c in units(document, "clause")]


def sections(document):
    return [c for c in units(document, "heading") if c.locator.endswith("、")]


def clause(document, locator):
    matches = [c for c in document.clauses if c.locator == locator]
    assert len(matches) == 1, f"{locator}: {len(matches)} matches"
    return matches[0]


def test_luoyang_2022_work_points_has_39_clauses_under_7_sections(corpus):
    document = corpus["luoyang-2022-work-points"]
    assert numbers(document) == list(range(1, 40))
    assert [s.locator for s in sections(document)] == ["一、", "二、", "三、", "四、", "五、", "六、", "七、"]
    c14 = clause(document, "三、14.")
    assert c14.title == "持续完善课后服务体系"
    assert c14.path == ("三、坚持以人民为中心，不断提升教育获得感幸福感",)
    assert c14.text.endswith("不断提升课后服务品质和社会满意度。")  # joined across a broken line
    assert c14.lines == (61, 63)


def test_luoyang_clause_18_keeps_its_continuation_line_starting_with_a_number(corpus):
    c18 = clause(corpus["luoyang-2022-work-points"], "四、18.")
    assert "完成新建、改扩建18所公办幼儿园，新增公办学位3000个" in c18.text
    assert "2022 年，完成新建、改扩建\n18所公办幼儿园" in c18.original_text.replace("\n\n", "\n")


def test_luoyang_clause_28_is_converted_to_simplified(corpus):
    c28 = clause(corpus["luoyang-2022-work-points"], "五、28.")
    assert c28.title == "深化教育督导体制机制改革"
    assert "督導體制" in c28.original_text  # the citation can still show the source as written


def test_hengyang_2022_work_points_has_19_clauses_under_5_sections(corpus):
    document = corpus["hengyang-2022-work-points"]
    assert numbers(document) == list(range(1, 20))
    assert len(sections(document)) == 5
    assert clause(document, "二、6.").title == "全面推动双减走深走实"
    assert clause(document, "五、第1段").text.startswith("统筹做好统战、语言文字工作")


def test_handan_2022_work_points_survives_the_paywall_cut(corpus):
    document = corpus["handan-2022-work-points"]
    assert numbers(document) == [*range(1, 28), 49, 50]
    assert document.repair.removed_blocks == ((75, 82),)
    assert all("会员免费查看" not in c.text and "隐藏内容" not in c.original_text for c in document.clauses)
    c49 = clause(document, "四、49.")
    assert c49.inferred_path and c49.title == "深化教育改革试验区建设"
    assert clause(document, "五、50.").inferred_path is False
    c19 = clause(document, "三、（一）19.")
    assert c19.path == ("三、强力推进八项工程", "（一）实施党建创优工程")
    # half-width punctuation of this file is unified
    assert "（责任单位：区域教育中心建设专班）" in clause(document, "一、1.").text


def test_huiji_2023_work_points_has_30_clauses_under_8_sections(corpus):
    document = corpus["huiji-2023-work-points"]
    assert numbers(document) == list(range(1, 31))
    assert len(sections(document)) == 8
    c24 = clause(document, "七、24.")
    assert c24.title == "“官方带娃”服务品质再升级"


def test_luoyang_plan_has_4_chapters_sections_with_paragraphs_and_boxes(corpus):
    document = corpus["luoyang-14th-five-year-plan"]
    chapters = [c.locator for c in units(document, "heading") if c.locator.endswith("章")]
    assert chapters == ["第一章", "第二章", "第三章", "第四章"]
    subsections = [c for c in units(document, "heading") if c.locator.endswith("）")]
    assert len(subsections) == 31
    for heading in subsections:
        prefix = heading.locator
        body = [c for c in document.clauses if c.locator.startswith(prefix) and c.kind != "heading"]
        assert body, f"{prefix} has no paragraphs"
    assert sorted(b.number for b in units(document, "box")) == [1, 2, 4, 5, 6, 7, 8]
    p = clause(document, "第三章 三、（一）第2段")
    assert p.title == "规范学前教育办学行为"
    assert p.path == ("第三章 发展任务", "三、推动各级各类教育高质量发展", "（一）加快学前教育普及普惠发展")
    funds = clause(document, "第三章 五、（四）第1段")
    assert funds.text.startswith("加大经费投入。推进教育经费持续稳定增长")
    assert "經費" in funds.original_text


def test_luoyang_plan_targets_table_and_principles(corpus):
    document = corpus["luoyang-14th-five-year-plan"]
    (table,) = units(document, "table")
    assert table.title == "“十四五”时期洛阳教育事业发展主要目标"
    assert table.lines == (119, 130)
    assert "2\t普惠性幼儿园覆盖率（%）\t86" in table.text.splitlines()
    principles = [c.title for c in units(document, "bullet") if c.locator.startswith("第二章 二、")]
    assert principles == [
        "坚持党的领导",
        "坚持教育优先",
        "坚持立德树人",
        "坚持质量第一",
        "坚持改革创新",
        "坚持系统推进",
    ]
    assert clause(document, "专栏2").text.startswith("专栏2 学前教育普及普惠工程\n实施学前教育布局调整")


@pytest.mark.parametrize(
    "doc_id",
    [
        "luoyang-2022-work-points",
        "luoyang-14th-five-year-plan",
        "hengyang-2022-work-points",
        "handan-2022-work-points",
        "huiji-2023-work-points",
    ],
)
def test_every_source_line_belongs_to_exactly_one_unit(corpus, doc_id):
    document = corpus[doc_id]
    source = document.original.split("\n")
    nonblank = {n for n, line in enumerate(source, 1) if line.strip()}
    junk = {n for first, last in document.repair.removed_blocks for n in range(first, last + 1)}
    owners: dict[int, list[str]] = {}
    for c in document.clauses:
        for n in range(c.lines[0], c.lines[1] + 1):
            if n in nonblank and n not in junk:
                owners.setdefault(n, []).append(c.clause_id)
    assert set(owners) == nonblank - junk
    assert {n: ids for n, ids in owners.items() if len(ids) > 1} == {}
    # and the unit's original text is those very lines
    for c in document.clauses:
        expected = [source[n - 1].strip() for n in range(c.lines[0], c.lines[1] + 1) if n in nonblank - junk]
        assert c.original_text.split("\n") == expected


def test_clause_ids_are_unique_and_stable_across_reloads(corpus):
    for document in corpus.values():
        ids = [c.clause_id for c in document.clauses]
        assert len(set(ids)) == len(ids)
        reloaded = load_document(Settings().corpus_dir / f"{document.doc_id}.txt")
        assert [c.clause_id for c in reloaded.clauses] == ids


def test_manifests_give_citable_metadata_and_mark_inferred_facts(corpus):
    assert set(corpus) == {
        "luoyang-2022-work-points",
        "luoyang-14th-five-year-plan",
        "hengyang-2022-work-points",
        "handan-2022-work-points",
        "huiji-2023-work-points",
    }
    luoyang = corpus["luoyang-2022-work-points"].meta
    assert (luoyang.doc_number, luoyang.date, luoyang.city, luoyang.year) == (
        "洛教〔2022〕1号",
        "2022-03-04",
        "洛阳",
        2022,
    )
    assert corpus["luoyang-14th-five-year-plan"].meta.doc_number == "洛政〔2022〕26号"
    handan = corpus["handan-2022-work-points"].meta
    assert handan.city == "邯郸" and "city" in handan.inferred
    for document in corpus.values():
        m = document.meta
        assert m.title and m.issuer and m.city and m.year and m.kind
        assert m.source_file == f"corpus/{m.doc_id}.txt"

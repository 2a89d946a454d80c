from qa.corpus.parser import parse_clauses
from qa.corpus.repair import repair


def parse(source: str, doc_id: str = "doc") -> list:
    return parse_clauses(repair(source), doc_id, "doc.txt", source)


def by_locator(clauses: list) -> dict:
    return {c.locator: c for c in clauses}


WORK_POINTS = """某市教育局文件

某教〔2022〕1号

2022年教育工作要点

2022年是关键之年，全市教育工作的总体要求是：办好人民满意的教育。

一、加强党的领导

1.学习宣传阐释党的创新理论。把学习作为首要政治任务，开展全市学校迎接、学习、宣传党的

二十大专项行动。

2.提升学前教育普及普惠水平。2022年，完成新建、改扩建

18所公办幼儿园，新增公办学位3000个。

二、坚持以人民为中心

3.持续完善课后服务体系。提高课后服务质量。
"""


def test_work_points_become_header_preamble_sections_and_numbered_clauses():
    clauses = parse(WORK_POINTS)
    assert [(c.kind, c.locator) for c in clauses] == [
        ("header", "文件头"),
        ("preamble", "前言"),
        ("heading", "一、"),
        ("clause", "一、1."),
        ("clause", "一、2."),
        ("heading", "二、"),
        ("clause", "二、3."),
    ]
    clause = by_locator(clauses)["一、2."]
    assert clause.title == "提升学前教育普及普惠水平"
    assert clause.number == 2
    assert clause.path == ("一、加强党的领导",)
    assert (
        clause.text
        == "2.提升学前教育普及普惠水平。2022年，完成新建、改扩建18所公办幼儿园，新增公办学位3000个。"
    )
    assert (
        clause.original_text
        == "2.提升学前教育普及普惠水平。2022年，完成新建、改扩建\n18所公办幼儿园，新增公办学位3000个。"
    )
    assert clause.lines == (15, 17)
    assert clause.clause_id == "doc/s1-c2"


def test_a_line_starting_with_a_number_and_a_unit_is_not_a_clause():
    numbers = [c.number for c in parse(WORK_POINTS) if c.kind == "clause"]
    assert numbers == [1, 2, 3]


def test_numbering_that_goes_back_is_text_not_a_clause():
    source = "一、总则\n\n5.第五条措施。\n\n3.其中的第三项要求。\n\n6.第六条措施。\n"
    clauses = parse(source)
    assert [c.locator for c in clauses if c.kind == "clause"] == ["一、5.", "一、6."]
    assert any(c.kind == "paragraph" and c.text.startswith("3.其中") for c in clauses)


def test_numbering_that_jumps_after_cut_text_gets_the_missing_section_inferred():
    source = (
        "三、强力推进八项工程\n\n27.加快学校项目建设。\n\n隐藏内容\n\n会员免费查看\n\n"
        "49.深化教育改革试验区建设。\n\n五、着力办好一批民生实事\n\n50.办好民生实事。\n"
    )
    clauses = by_locator(parse(source))
    assert set(clauses) >= {"三、27.", "四、49.", "五、50."}
    cut = clauses["四、49."]
    assert cut.inferred_path and cut.path == ("四、（标题缺失）",)
    assert not clauses["五、50."].inferred_path


def test_sections_restarting_in_every_chapter_get_distinct_locators_and_ids():
    source = (
        "第一章 发展基础\n\n一、回顾\n\n（一）党的建设\n\n全市教育系统坚持党的领导。\n\n"
        "第二章 总体要求\n\n一、指导思想\n\n（一）总目标\n\n到2025年，基本实现教育现代化。\n\n第二段内容在此。\n"
    )
    clauses = parse(source)
    paragraphs = [c for c in clauses if c.kind == "paragraph"]
    assert [c.locator for c in paragraphs] == [
        "第一章 一、（一）第1段",
        "第二章 一、（一）第1段",
        "第二章 一、（一）第2段",
    ]
    assert [c.clause_id for c in paragraphs] == [
        "doc/ch1-s1-ss1-p1",
        "doc/ch2-s1-ss1-p1",
        "doc/ch2-s1-ss1-p2",
    ]
    assert paragraphs[1].path == ("第二章 总体要求", "一、指导思想", "（一）总目标")
    assert len({c.clause_id for c in clauses}) == len(clauses)


def test_boxes_bullets_and_tables_are_their_own_units():
    source = (
        "第二章 总体要求\n\n二、基本原则\n\n——坚持党的领导。加强领导。\n\n——坚持教育优先。优先发展。\n\n"
        "“十四五”时期主要目标\n\n序号\t主要指标\t2020年\n1\t学前教育毛入园率（%）\t92\n\n"
        "专栏1 新时代铸魂育人工程\n\n健全德育工作清单。明确重点。\n\n加强德育队伍建设。开展培训。\n\n"
        "三、主要目标\n\n总目标在此。\n"
    )
    clauses = by_locator(parse(source))
    assert clauses["第二章 二、第2项"].kind == "bullet"
    assert clauses["第二章 二、第2项"].title == "坚持教育优先"
    table = clauses["第二章 二、表1"]
    assert table.kind == "table" and table.title == "“十四五”时期主要目标"
    assert table.text.splitlines()[1:] == ["序号\t主要指标\t2020年", "1\t学前教育毛入园率（%）\t92"]
    box = clauses["专栏1"]
    assert box.kind == "box" and box.title == "专栏1 新时代铸魂育人工程"
    assert box.text.splitlines()[1:] == ["健全德育工作清单。明确重点。", "加强德育队伍建设。开展培训。"]
    assert clauses["第二章 三、第1段"].text == "总目标在此。"


def test_articles_are_clauses_and_keep_their_items():
    source = (
        "某某管理办法\n\n第一章 总则\n\n第一条 为规范管理，制定本办法。\n\n"
        "第二条 本办法适用于：\n（一）公办学校；\n（二）民办学校。\n\n第二章 附则\n\n第三条 本办法自发布之日起施行。\n"
    )
    clauses = by_locator(parse(source))
    assert clauses["第一章 第二条"].kind == "article"
    assert clauses["第一章 第二条"].text == "第二条 本办法适用于：\n（一）公办学校；\n（二）民办学校。"
    assert clauses["第二章 第三条"].number == 3
    assert clauses["第一章 第一条"].title == "为规范管理，制定本办法"


def test_markdown_headings_build_the_path():
    source = (
        "# 学校安全管理制度\n\n## 总体要求\n\n各校要落实安全责任。\n\n## 具体措施\n\n每月开展一次安全检查。\n"
    )
    paragraphs = [c for c in parse(source) if c.kind == "paragraph"]
    assert [c.path for c in paragraphs] == [
        ("学校安全管理制度", "总体要求"),
        ("学校安全管理制度", "具体措施"),
    ]
    assert [c.locator for c in paragraphs] == [
        "学校安全管理制度 总体要求 第1段",
        "学校安全管理制度 具体措施 第1段",
    ]


def test_unstructured_text_falls_back_to_paragraphs():
    source = "关于做好秋季开学工作的说明\n\n各校要做好开学准备工作。\n\n开学第一周开展安全教育。\n"
    clauses = parse(source)
    assert [(c.kind, c.locator) for c in clauses] == [
        ("header", "文件头"),
        ("paragraph", "第1段"),
        ("paragraph", "第2段"),
    ]


def test_ids_are_stable_across_parses_and_unique():
    first, second = parse(WORK_POINTS), parse(WORK_POINTS)
    assert [c.clause_id for c in first] == [c.clause_id for c in second]
    assert len({c.clause_id for c in first}) == len(first)


def test_a_short_line_inside_unstructured_text_is_a_paragraph_not_header():
    source = (
        "关于做好秋季开学工作的说明\n\n各校要做好开学准备工作。\n\n安全要求\n\n开学第一周开展安全教育。\n"
    )
    assert [(c.kind, c.text) for c in parse(source)] == [
        ("header", "关于做好秋季开学工作的说明"),
        ("paragraph", "各校要做好开学准备工作。"),
        ("paragraph", "安全要求"),
        ("paragraph", "开学第一周开展安全教育。"),
    ]


OPINIONS = """关于进一步加强教育工作的意见

一、总体要求

（一）指导思想。坚持立德树人根本任务，着眼建设高质量教育体系，全面深化教育领域综合改革。

（二）主要目标

到2025年，学前三年毛入园率达到93%。
"""


def test_a_heading_that_carries_its_body_is_a_section_with_content():
    clauses = by_locator(parse(OPINIONS))
    section = clauses["一、（一）"]
    assert section.kind == "section" and section.title == "（一）指导思想"
    assert section.text.startswith("（一）指导思想。坚持立德树人根本任务") and section.path == (
        "一、总体要求",
    )
    # a bare heading stays a heading; what follows sits under it
    assert clauses["一、（二）"].kind == "heading"
    assert clauses["一、（二）第1段"].path == ("一、总体要求", "（二）主要目标")


def test_bare_headings_are_structure_and_sections_are_content():
    from qa.index.ingest import STRUCTURE_KINDS

    assert "heading" in STRUCTURE_KINDS and "section" not in STRUCTURE_KINDS


# -- a regulation's articles: their items and the articles they name ------------------------------
def test_an_article_keeps_its_enumerated_items_and_the_articles_of_its_own_text_it_names():
    from qa.config import REPO_ROOT
    from qa.corpus.loader import load_document

    regulations = REPO_ROOT / "eval" / "data" / "regulations"
    teachers = {c.locator: c for c in load_document(regulations / "national-teachers-law.txt").clauses}
    rights = teachers["第二章 第七条"]
    assert rights.text.startswith("第七条 教师享有下列权利") and len(rights.items) == 6
    assert rights.items[0] == "（一）进行教育教学活动，开展教育教学改革和实验；" and rights.items[
        -1
    ].startswith("（六）")
    assert teachers["第一章 第一条"].items == ()
    air = load_document(regulations / "shanghai-air-pollution-regulation.txt").clauses
    citing = [c for c in air if c.cites]
    assert citing and all(isinstance(n, int) and n > 0 for c in citing for n in c.cites)
    assert all(c.number not in c.cites for c in citing)  # never itself


def test_an_articles_words_are_read_without_its_number_whatever_follows():
    from qa.corpus.patterns import without_article_number

    assert without_article_number("第六十三条 本法自2006年9月1日起施行") == "本法自2006年9月1日起施行"
    assert without_article_number("第七十五条 因…特别保护。\n本条例所称的监护缺失，包括下列情形：") == (
        "因…特别保护。\n本条例所称的监护缺失，包括下列情形："
    )
    assert without_article_number("2012年4月5日公布") == "2012年4月5日公布"

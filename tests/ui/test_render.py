"""What the chat shows, from records built by hand (no gradio, no index)."""

from qa.records import Answer, Citation, Clause, ClauseRef, Hit
from ui import render

TEXT = "29.优化调整中小学校布局。推进布局调整，2022年新建农村寄宿制学校41所。扎实推动高中迁建。"


def citation(n=1, quote="2022年新建农村寄宿制学校41所", text=TEXT) -> Citation:
    ref = ClauseRef(
        "luoyang-2022-work-points/s5-c29",
        "luoyang-2022-work-points",
        "corpus/luoyang-2022-work-points.txt",
        "五、29.",
        "洛阳市教育局2022年教育工作要点",
        "洛教〔2022〕1号",
    )
    return Citation(n, ref, text, quote)


def hit(clause_id="hengyang-2022-work-points/s3-c9", text="9.强化优质教育资源供给力度。") -> Hit:
    ref = ClauseRef(
        clause_id, "hengyang-2022-work-points", "corpus/h.txt", "三、9.", "2022年衡阳市教育局工作要点"
    )
    return Hit(ref, "强化", 0.5, text)


def answer(**changes) -> Answer:
    values = dict(
        question="洛阳今年要新建多少所农村寄宿制学校？",
        answer="2022年新建农村寄宿制学校41所[1]。",
        refused=False,
        generator="extractive",
        citations=[citation()],
        retrieved=[hit()],
        scope="洛阳",
    )
    return Answer(**(values | changes))


def test_the_quoted_span_is_marked_inside_the_full_clause():
    html = render.highlight(TEXT, "2022年新建农村寄宿制学校41所")
    assert html == (
        "29.优化调整中小学校布局。推进布局调整，<mark>2022年新建农村寄宿制学校41所</mark>。扎实推动高中迁建。"
    )


def test_a_quote_in_parts_marks_each_part_and_a_missing_part_is_skipped():
    html = render.highlight(TEXT, "优化调整中小学校布局……扎实推动高中迁建……不在原文里")
    assert html.count("<mark>") == 2 and "<mark>扎实推动高中迁建</mark>" in html
    assert "不在原文里" not in html


def test_clause_text_is_escaped_so_it_cannot_inject_markup():
    html = render.highlight("<script>alert(1)</script> 1 < 2 & 3", "1 < 2")
    assert "<script>" not in html and "&lt;script&gt;" in html and "<mark>1 &lt; 2</mark>" in html


def test_messages_are_the_answer_then_a_collapsed_sources_panel():
    first, panel = render.messages(answer())
    assert (
        first["content"].startswith("2022年新建农村寄宿制学校41所[1]。")
        and "检索范围：洛阳" in first["content"]
    )
    assert panel["metadata"] == {"title": "引用来源（1 条）", "status": "done"}
    body = panel["content"]
    assert "《洛阳市教育局2022年教育工作要点》" in body and "洛教〔2022〕1号" in body and "五、29." in body
    assert "<mark>2022年新建农村寄宿制学校41所</mark>" in body and "扎实推动高中迁建" in body
    assert "\n\n" not in body  # one HTML block per clause: markdown leaves the text alone


def test_a_refusal_shows_the_related_clauses_in_the_panel_instead():
    refused = answer(
        answer="现有文件中没有找到关于“x”的规定。",
        related=[hit()],
        refused=True,
        citations=[],
    )
    first, panel = render.messages(refused, filtered="文件：2022年衡阳市教育局工作要点")
    assert (
        first["content"].startswith("现有文件中没有找到关于“x”的规定。")
        and "可能相关" not in first["content"]
    )
    assert "按所选范围检索（文件：2022年衡阳市教育局工作要点）" in first["content"]
    assert panel["metadata"]["title"] == render.RELATED_TITLE
    assert "三、9." in panel["content"] and "强化优质教育资源供给力度" in panel["content"]
    assert render.source_choices(refused) == [
        ("《2022年衡阳市教育局工作要点》三、9.", "hengyang-2022-work-points/s3-c9")
    ]
    assert render.citations_data(refused)["related"][0]["locator"] == "三、9."


def test_a_resolved_follow_up_is_shown():
    note = render.answer_note(answer(resolved_question="衡阳怎么推进双减工作？", question="那衡阳呢？"))
    assert "理解为：衡阳怎么推进双减工作？" in note


def test_source_choices_name_each_citation():
    assert render.source_choices(answer()) == [
        (
            "[1] 《洛阳市教育局2022年教育工作要点》（洛教〔2022〕1号）五、29.",
            "luoyang-2022-work-points/s5-c29",
        )
    ]


def test_context_shows_the_section_with_the_clause_marked():
    from tests.ui.fakes import clause  # (fakes builds on this module's records)

    section = [clause("s5-c28", "五、28.", "28.深化督导。"), clause("s5-c29", "五、29.", TEXT)]
    html = render.context_html(
        "洛阳市教育局2022年教育工作要点", "洛教〔2022〕1号", section, section[1].clause_id, "扎实推动高中迁建"
    )
    assert "五、深化教育综合改革" in html and html.index("五、28.") < html.index("五、29.")
    assert html.count("pq-focus") == 1 and "<mark>扎实推动高中迁建</mark>" in html
    assert "找不到" in render.context_html("", None, [], "x")
    # opened by the person (a phone shows the reader only then) or shown with a new answer
    assert "pq-opened" in html
    assert "pq-opened" not in render.context_html("洛阳", None, section, section[1].clause_id, opened=False)


def test_the_judges_confidence_is_shown_under_the_answer():
    assert "把握：83%" in render.answer_note(answer(confidence=0.834))
    assert "把握" not in render.answer_note(answer())  # an answer from before the fitted judge


def test_an_answer_with_nothing_searched_has_no_sources_panel():
    absent = answer(
        answer="现有文件中没有石家庄的文件；现有：《洛阳市教育局2022年教育工作要点》。",
        refused=True,
        citations=[],
        retrieved=[],
    )
    (only,) = render.messages(absent)
    assert only["content"].startswith("现有文件中没有石家庄的文件")


def test_markers_of_a_finished_answer_link_to_their_sources():
    two = answer(
        answer="新建41所[1]。迁建高中[2]。没有[3]。",
        citations=[citation(1), citation(2, quote="扎实推动高中迁建")],
    )
    html = render.linked_answer(two, turn=3)
    assert (
        html.count('class="pq-ref"') == 2 and 'href="#pq-cite-3-1"' in html and 'href="#pq-cite-3-2"' in html
    )
    assert "没有[3]" in html  # a marker with no citation stays text
    assert 'title="查看来源：《洛阳市教育局2022年教育工作要点》（洛教〔2022〕1号）五、29."' in html
    first, panel = render.messages(two, turn=3)
    assert first["content"].startswith(html)
    assert panel["content"].count("查看原文") == 2 and 'href="#pq-cite-3-2"' in panel["content"]


def test_answer_text_cannot_inject_markup_through_its_links():
    sneaky = answer(answer='<img src=x onerror="alert(1)">41所[1]。')
    html = render.linked_answer(sneaky, 0)
    assert "<img" not in html and "&lt;img" in html and 'href="#pq-cite-0-1"' in html


def test_a_link_names_its_turn_and_source_even_with_a_click_stamp():
    assert render.SourceRef.parse("#pq-cite-2-11@1716000000") == render.SourceRef("cite", 2, 11)
    assert render.SourceRef.parse("#pq-rel-0-3") == render.SourceRef("rel", 0, 3)
    assert render.SourceRef.parse("#pq-cite-x-1") is None and render.SourceRef.parse(None) is None
    assert render.SourceRef("cite", 4, 2).href == "#pq-cite-4-2"


def test_citations_as_data_for_api_callers():
    data = render.citations_data(answer(confidence=0.9), asked="洛阳今年要新建多少所？")
    assert (
        data["asked"] == "洛阳今年要新建多少所？" and data["refused"] is False and data["confidence"] == 0.9
    )
    assert data["citations"] == [
        {
            "n": 1,
            "clause_id": "luoyang-2022-work-points/s5-c29",
            "doc_id": "luoyang-2022-work-points",
            "doc_title": "洛阳市教育局2022年教育工作要点",
            "doc_number": "洛教〔2022〕1号",
            "locator": "五、29.",
            "quote": "2022年新建农村寄宿制学校41所",
        }
    ]
    assert data["related"] == []  # an answer has no related clauses


def test_progress_says_how_long_and_offers_to_stop_a_slow_generator():
    assert render.progress(0.2, slow=False) == "正在检索相关条款…"
    slow = render.progress(12.4, slow=True, retrieved=True)
    assert slow.startswith("检索完成，正在生成回答…（已用 12 秒）") and "停止" in slow


def _summary(title="株洲市教育局关于加强2024年中小学校园安全工作的通知", clauses=8, **values):
    from qa.application import DocumentSummary
    from qa.records import DocumentMeta

    base = dict(doc_id="zz", title=title, source_file="uploads/zz.docx", city="株洲", year=2024)
    return DocumentSummary(DocumentMeta(**(base | values)), clauses)


def test_the_library_table_and_the_loaded_line():
    docs = [
        _summary(doc_number="株教通〔2024〕5号", date="2024-03-01"),
        _summary("惠济区教育局2023年工作要点", 32, city="郑州", district="惠济区", year=2023),
    ]
    assert render.document_rows(docs) == [
        [
            "株洲市教育局关于加强2024年中小学校园安全工作的通知",
            "株教通〔2024〕5号",
            "2024-03-01",
            "株洲",
            "2024",
            8,
        ],
        ["惠济区教育局2023年工作要点", "", "", "郑州 惠济区", "2023", 32],
    ]
    loaded = render.loaded_html(docs)
    assert "已载入 2 份文件" in loaded and "《惠济区教育局2023年工作要点》" in loaded
    assert (
        "空的" in render.loaded_html([]) and render.library_summary(docs) == "文件库共 2 份文件、40 条条款。"
    )


def test_a_documents_clause_tree_is_readable():
    from qa.application.views import clause_tree
    from qa.records import DocumentMeta

    heading = ("一、总体要求",)
    clauses = [
        Clause(
            "zz/c1",
            "zz",
            "u/zz.docx",
            "clause",
            "一、1.",
            heading,
            "演练",
            "1.每学期开展2次演练。",
            "",
            (1, 1),
        ),
        Clause(
            "zz/c2",
            "zz",
            "u/zz.docx",
            "clause",
            "一、2.",
            heading,
            "护学岗",
            "2.护学岗<全覆盖>。",
            "",
            (2, 2),
        ),
    ]
    meta = DocumentMeta(
        "zz", "株洲校园安全通知", "u/zz.docx", issuer="株洲市教育局", doc_number="株教通〔2024〕5号"
    )
    html = render.tree_html(meta, clause_tree(clauses), clauses)
    assert (
        "《株洲校园安全通知》（株教通〔2024〕5号）" in html and "株洲市教育局" in html and "2 条条款" in html
    )
    assert html.index("一、总体要求") < html.index("一、1.") < html.index("一、2.")
    assert '<summary class="pq-tree-heading">一、总体要求</summary>' in html
    assert "1.每学期开展2次演练。" in html and "&lt;全覆盖&gt;" in html  # texts inside, escaped

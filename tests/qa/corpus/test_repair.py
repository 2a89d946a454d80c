from qa.corpus.repair import repair


def texts(source: str) -> list[str]:
    return [line.text for line in repair(source).lines]


def test_joins_a_sentence_that_pdf_extraction_broke_across_lines():
    source = (
        "18. 提升学前教育普及普惠水平。2022 年，完成新建、改扩建\n\n18所公办幼儿园，新增公办学位3000个。\n"
    )
    repaired = repair(source)
    assert texts(source) == [
        "18.提升学前教育普及普惠水平。2022年，完成新建、改扩建18所公办幼儿园，新增公办学位3000个。"
    ]
    assert (repaired.lines[0].start, repaired.lines[0].end) == (1, 3)
    assert repaired.report.joined_lines == 1


def test_does_not_join_a_finished_sentence_a_heading_or_a_new_clause():
    source = "一、加强党的领导\n\n1.学习贯彻。全文完。\n\n2.始终把政治建设摆在首位，\n\n3.扎实开展活动。\n"
    assert texts(source) == [
        "一、加强党的领导",
        "1.学习贯彻。全文完。",
        "2.始终把政治建设摆在首位，",
        "3.扎实开展活动。",
    ]


def test_does_not_join_title_and_signature_lines():
    source = "洛阳市人民政府\n\n关于印发洛阳市“十四五”教育\n\n附件：《2022年衡阳市教育局工作要点》\n\n衡阳市教育局\n\n2022年4月14日\n"
    assert texts(source) == [
        "洛阳市人民政府",
        "关于印发洛阳市“十四五”教育",
        "附件：《2022年衡阳市教育局工作要点》",
        "衡阳市教育局",
        "2022年4月14日",
    ]


def test_converts_traditional_characters_to_simplified_and_counts_them():
    repaired = repair("（四）完善教育經費投入保障機制\n深化教育督導體制機制改革。\n")
    assert repaired.text == "（四）完善教育经费投入保障机制\n深化教育督导体制机制改革。"
    assert repaired.report.traditional_chars == 6


def test_leaves_simplified_text_unchanged():
    source = "显著成效，着力发展，后勤干部，于是皇后。"
    assert repair(source).text == source
    assert repair(source).report.traditional_chars == 0


def test_unifies_half_width_punctuation_and_brackets_in_chinese_text():
    repaired = repair("(一)全面提高教育教学质量\n关键之年,是开局之年;坚持:质量(责任单位:专班)\n")
    assert repaired.text == "（一）全面提高教育教学质量\n关键之年，是开局之年；坚持：质量（责任单位：专班）"
    assert repaired.report.punctuation == 8


def test_keeps_numbers_times_and_urls_intact():
    source = "学位1,000个，8:30开始，见http://example.org/a。比例37.6%"
    assert repair(source).text == source


def test_full_width_digits_and_clause_dots_become_half_width():
    assert repair("１４．持续完善课后服务体系。").text == "14.持续完善课后服务体系。"


def test_removes_stray_spaces_in_chinese_text_and_around_numbers():
    repaired = repair("2022 年是关键一年，新增 20 万元，第 38 个教师节，洛阳市教育局 关于印发的 通知。\n")
    assert repaired.text == "2022年是关键一年，新增20万元，第38个教师节，洛阳市教育局关于印发的通知。"
    assert repaired.report.spaces == 7


def test_keeps_spaces_around_latin_words_and_after_numbered_labels():
    assert repair("开展 STEAM 教育和 Python 编程。").text == "开展 STEAM 教育和 Python 编程。"
    assert (
        repair("第一章  发展基础\n专栏 2 学前教育普及普惠工程").text
        == "第一章 发展基础\n专栏2 学前教育普及普惠工程"
    )


def test_removes_markdown_bold():
    repaired = repair("全面加强基层党建工作，**充分发挥**基层党组织作用。")
    assert repaired.text == "全面加强基层党建工作，充分发挥基层党组织作用。"
    assert repaired.report.markdown == 2


def test_removes_the_paywall_block_and_reports_its_lines():
    source = "27.加快学校项目建设。\n\n隐藏内容\n\n此处内容需要权限查看\n\n  • 普通用户特权:8.8积分\n会员免费查看\n\n49.深化改革。\n"
    repaired = repair(source)
    assert repaired.text == "27.加快学校项目建设。\n49.深化改革。"
    assert repaired.report.removed_blocks == ((3, 8),)
    assert [(line.start, line.end) for line in repaired.lines] == [(1, 1), (10, 10)]


def test_never_joins_across_a_removed_block():
    source = "27.新增中小学幼儿园230所（新改扩建193所、\n隐藏内容\n会员免费查看\n续建项目若干\n"
    assert texts(source) == ["27.新增中小学幼儿园230所（新改扩建193所、", "续建项目若干"]


def test_is_a_pure_function():
    source = "2022 年，完成新建、改扩建\n18所公办幼儿园。"
    assert repair(source) == repair(source)


def test_accepts_windows_line_endings():
    assert texts("一、总则\r\n\r\n1.学习。\r\n") == ["一、总则", "1.学习。"]


def test_a_stray_english_word_between_chinese_words_is_rendered_in_chinese():
    repaired = repair(
        "持续加强心理健康教育 and 心理疏导，纳入市县 governments 重要工作内容。Plan and Do 保持。"
    )
    assert (
        repaired.lines[0].text
        == "持续加强心理健康教育和心理疏导，纳入市县政府重要工作内容。Plan and Do 保持。"
    )
    assert repaired.report.english_words == 2

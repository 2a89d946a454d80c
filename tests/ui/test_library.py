"""文件库's handlers (LibraryApp) on a stand-in facade: the list, the clause tree, removal with its
confirmation, uploads read for correction and indexed with progress, refusals in Chinese, and
the login check on every change."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import gradio as gr
import pytest

from qa.application import SynonymPair
from qa.errors import DamagedFileError, DocumentError, DuplicateDocumentError, TooLargeError, UnavailableError
from tests.ui.fakes import FakeApplication
from ui import messages
from ui.library import EDITABLE, PREVIEW_HEADERS, LibraryApp, Previewed


@pytest.fixture
def fake(settings) -> FakeApplication:
    return FakeApplication(settings)


def signed_in(name: str | None = "staff"):
    return SimpleNamespace(username=name)


def files(tmp_path, *names: str) -> list[str]:
    paths = []
    for name in names:
        path = tmp_path / name
        path.write_bytes(f"{name} 的内容".encode())
        paths.append(str(path))
    return paths


def test_the_list_names_each_document_with_its_clause_count(fake):
    summary, rows, chooser, ids = LibraryApp(fake).listing()
    assert summary == "文件库共 1 份文件、41 条条款。"
    assert rows == [["洛阳市教育局2022年教育工作要点", "", "", "洛阳", "2022", 41]]
    assert chooser["choices"] == [
        ("洛阳市教育局2022年教育工作要点（luoyang-2022-work-points）", "luoyang-2022-work-points")
    ]
    assert ids == ["luoyang-2022-work-points"]
    picked = LibraryApp.pick(ids, gr.SelectData(None, {"index": [0, 3], "value": "洛阳"}))
    assert picked == "luoyang-2022-work-points"


def test_a_documents_clause_tree(fake):
    html = LibraryApp(fake).tree("luoyang-2022-work-points")
    assert "五、深化教育综合改革" in html and "五、29." in html and "优化调整中小学校布局" in html
    assert "请先选择" in LibraryApp(fake).tree(None)
    assert "找不到这份文件" in LibraryApp(fake).tree("gone")


def test_removal_asks_first_then_removes(fake):
    app = LibraryApp(fake)
    box, text, status = app.confirm_removal("luoyang-2022-work-points", signed_in())
    assert box["visible"] is True and "确定从文件库删除《洛阳市教育局2022年教育工作要点》吗" in text
    assert fake.removed == []  # nothing removed by asking
    box, text, status = app.cancel_removal()
    assert box["visible"] is False and status == "已取消删除。" and fake.removed == []
    *_, (box, status, tree) = app.remove("luoyang-2022-work-points", signed_in())
    assert (
        fake.removed == [["luoyang-2022-work-points"]]
        and status == "已删除《洛阳市教育局2022年教育工作要点》。"
    )
    assert app.listing()[0] == "文件库还是空的。"


def test_removing_what_is_gone_says_so(fake):
    app = LibraryApp(fake)
    _, _, status = app.confirm_removal("gone", signed_in())
    assert status == messages.MESSAGES[messages.REMOVE]["not_found"]
    *_, (_, status, _) = app.remove("gone", signed_in())
    assert status == messages.MESSAGES[messages.REMOVE]["not_found"]


def test_with_a_login_only_a_signed_in_user_changes_the_library(fake, tmp_path):
    fake.settings = replace(fake.settings, ui_user="staff", ui_password="s3cret")
    app = LibraryApp(fake)
    _, _, status = app.confirm_removal("luoyang-2022-work-points", signed_in(None))
    assert status == messages.NOT_SIGNED_IN
    *_, (_, status, _) = app.remove("luoyang-2022-work-points", signed_in(None))
    assert status == messages.NOT_SIGNED_IN and fake.removed == []
    previewed = [Previewed("a.txt", files(tmp_path, "a.txt")[0], {})]
    (only,) = app.add(previewed, [], False, signed_in(None))
    assert only[0] == messages.NOT_SIGNED_IN and fake.uploads == []
    *_, last = app.add(previewed, [], False, signed_in("staff"))
    assert last[0].startswith("已加入文件库") and len(fake.uploads) == 1


def test_without_a_login_anyone_on_the_page_may_change_it(fake):
    *_, (_, status, _) = LibraryApp(fake).remove("luoyang-2022-work-points", None)
    assert status.startswith("已删除")


def test_chosen_files_are_read_and_shown_for_correction(fake, tmp_path):
    table, previewed, add, status = LibraryApp(fake).preview(files(tmp_path, "zz.docx", "hy.txt"))
    assert table["visible"] is True and add["interactive"] is True
    first = table["value"][0]
    assert len(first) == len(PREVIEW_HEADERS) and first[:4] == ["zz.docx", 1, "zz", "zz的标题"]
    assert first[2 + [f for f, _ in EDITABLE].index("city")] == "株洲" and first[-1] == "年份是推断的"
    assert [p.name for p in previewed] == ["zz.docx", "hy.txt"] and previewed[0].fields["year"] == "2024"
    assert status.startswith("已读取 2 份文件")
    assert fake.uploads == []  # nothing indexed by reading


def test_a_file_that_cannot_be_read_is_named_with_a_chinese_reason(fake, tmp_path):
    fake.refuse_preview = {
        "scan.pdf": DocumentError("scan.pdf: no text layer"),
        "huge.pdf": TooLargeError("huge.pdf: 30,000,000 bytes"),
    }
    table, previewed, add, status = LibraryApp(fake).preview(files(tmp_path, "scan.pdf", "huge.pdf", "ok.md"))
    assert [p.name for p in previewed] == ["ok.md"] and len(table["value"]) == 1
    assert f"✗ scan.pdf：{messages.MESSAGES[messages.UPLOAD]['invalid']}" in status
    assert "✗ huge.pdf：文件太大：单个文件不能超过 20 MB" in status
    assert "no text layer" not in status and "bytes" not in status  # never the English detail


def test_a_file_already_in_the_library_is_pointed_out_before_indexing(fake, tmp_path):
    _, _, add, status = LibraryApp(fake).preview(files(tmp_path, "luoyang-2022-work-points.txt"))
    assert "已在文件库中" in status and "替换同编号的文件" in status and add["interactive"] is True


def test_two_chosen_files_that_are_the_same_are_refused_together(fake, tmp_path):
    class Twins(FakeApplication):
        def preview(self, uploads):
            if len(uploads) > 1:
                raise DuplicateDocumentError("b.txt: duplicate of a.txt")
            return super().preview(uploads)

    app = LibraryApp(Twins(fake.settings))
    _, previewed, add, status = app.preview(files(tmp_path, "a.txt", "b.txt"))
    assert previewed == [] and add["interactive"] is False
    assert "所选文件之间：" + messages.MESSAGES[messages.UPLOAD]["conflict"] in status


def test_only_the_corrected_fields_are_sent(fake, tmp_path):
    app = LibraryApp(fake)
    table, previewed, _, _ = app.preview(files(tmp_path, "zz.docx"))
    row = list(table["value"][0])
    title, number = 2 + 1, 2 + 3  # the 标题 and 文号 columns
    row[title], row[number] = "株洲市校园安全通知", " 株教通〔2024〕5号 "
    assert LibraryApp.corrections(previewed, [row]) == [
        {"title": "株洲市校园安全通知", "doc_number": "株教通〔2024〕5号"}
    ]
    steps = list(app.add(previewed, [row], True, signed_in()))
    ((uploads, replace_flag),) = fake.uploads
    assert uploads[0].metadata == {"title": "株洲市校园安全通知", "doc_number": "株教通〔2024〕5号"}
    assert uploads[0].data == "zz.docx 的内容".encode() and replace_flag is True
    progress = [s[0] for s in steps if s[0].startswith("正在建立索引：")]
    assert progress and progress[-1] == "正在建立索引：100%（4 / 4 段）"
    status, add, picker, table, kept = steps[-1]
    assert status.startswith("已加入文件库：zz.docx") and picker is None and kept == []


def test_a_refused_upload_changes_nothing_and_says_why(fake, tmp_path):
    app = LibraryApp(fake)
    _, previewed, _, _ = app.preview(files(tmp_path, "luoyang-2022-work-points.txt"))
    for error, kind in (
        (DuplicateDocumentError("already in the library"), "conflict"),
        (UnavailableError("another ingest is running"), "unavailable"),
    ):
        fake.refuse_upload = error
        *_, last = app.add(previewed, [], False, signed_in())
        assert last[0] == "没有加入任何文件：" + messages.MESSAGES[messages.UPLOAD][kind]
        assert last[1]["interactive"] is True  # try again (e.g. with 替换)
    assert fake.uploads == []


def test_nothing_chosen_nothing_to_add(fake):
    table, previewed, add, status = LibraryApp(fake).preview(None)
    assert table["visible"] is False and previewed == [] and add["interactive"] is False
    (only,) = LibraryApp(fake).add([], [], False, signed_in())
    assert only[0] == "请先选择要上传的文件。"


# -- 扩展问题 ----------------------------------------------------------------------------------------
def test_question_writing_shows_a_line_per_upload_and_polls_only_while_it_runs(fake):
    from qa.application import ExpansionProgress

    app = LibraryApp(fake)
    text, timer = app.expansion()
    assert text == "" and timer.active is False  # nothing uploaded: nothing shown, no polling
    fake.expanding = (ExpansionProgress("qingshan", "writing", 12, 40),)
    text, timer = app.expansion()
    assert "qingshan：扩展问题 12/40 生成中" in text and timer.active is True
    fake.expanding = (ExpansionProgress("qingshan", "done", 40, 40),)
    text, timer = app.expansion()
    assert "qingshan：扩展问题 40/40 已完成" in text and timer.active is False


# -- 同义词 ------------------------------------------------------------------------------------------
def test_the_synonyms_section_shows_taught_pairs_builtin_ones_and_candidates(fake):
    fake.taught = (SynonymPair("欺负", ("欺凌", "霸凌")),)
    rows, builtin, candidates, words, status = LibraryApp(fake).synonyms()
    assert rows == [["欺负", "欺凌、霸凌"]]  # read-only: new pairs are typed into the form
    assert builtin == "- 老师 → 教师、师资"
    assert "问：孩子被欺负了学校管吗" in candidates and "意见：文件里叫欺凌" in candidates
    assert words["choices"] == ["欺负"]  # the words that can be deleted
    assert status == ""
    fake.candidates = ()
    assert LibraryApp(fake).synonyms()[2] == "暂时没有附意见的“踩”。"


def test_adding_a_pair_says_back_what_was_stored_and_empties_the_form(fake):
    fake.taught = (SynonymPair("老早", ("原来",)),)
    status, table, word, policy, words = LibraryApp(fake).add_synonym(" 下河游泳 ", "防溺水， 安全教育")
    assert status == "已保存：下河游泳 → 防溺水、安全教育（共 2 组自定义同义词，下一次提问起生效）。"
    assert fake.taught == (SynonymPair("老早", ("原来",)), SynonymPair("下河游泳", ("防溺水", "安全教育")))
    assert table == [["老早", "原来"], ["下河游泳", "防溺水、安全教育"]] and word == "" and policy == ""
    status, table, *_ = LibraryApp(fake).add_synonym("老早", "以前")  # the same word: changed, not doubled
    assert status.startswith("已保存：老早 → 以前（共 2 组") and table[1] == ["老早", "以前"]


@pytest.mark.parametrize(
    ("word", "policy", "reason"),
    [
        ("欺负", "", "没有保存：“欺负”没有填写规范用语。"),
        ("欺凌", "欺凌", "没有保存：“欺凌”不能对应它自己。"),
        ("欺负!", "欺凌", "须为 1–20 个汉字、字母或数字"),
        ("", "", "请先填写俗称和规范用语。"),
    ],
)
def test_a_bad_pair_is_refused_in_chinese_and_the_form_keeps_it(fake, word, policy, reason):
    fake.taught = (SynonymPair("老早", ("原来",)),)
    status, table, word_box, policy_box, words = LibraryApp(fake).add_synonym(word, policy)
    assert reason in status and all(v == gr.skip() for v in (table, word_box, policy_box, words))
    assert fake.taught == (SynonymPair("老早", ("原来",)),)


def test_a_taught_word_is_chosen_by_its_row_and_deleted(fake):
    fake.taught = (SynonymPair("欺负", ("欺凌",)), SynonymPair("老早", ("原来",)))
    app = LibraryApp(fake)
    rows = app.synonyms()[0]
    assert app.pick_synonym(rows, gr.SelectData(None, {"index": [1, 0], "value": "老早"})) == "老早"
    status, table, words = app.remove_synonym("老早")
    assert status == "已删除“老早”（共 1 组自定义同义词）。" and table == [["欺负", "欺凌"]]
    assert fake.taught == (SynonymPair("欺负", ("欺凌",)),)
    status, *_ = app.remove_synonym("老早")  # deleted meanwhile (another tab)
    assert status.startswith("没有删除：这个俗称已不在自定义同义词中")
    assert app.remove_synonym(None)[0] == "请先在表格或下拉框里选择要删除的俗称。"


def test_an_unreadable_vocabulary_is_said_and_the_page_still_opens(fake):
    def broken():
        raise DamagedFileError("data/synonyms.json: not JSON", "同义词文件已损坏")

    fake.synonyms = broken
    rows, builtin, candidates, words, status = LibraryApp(fake).synonyms()
    assert rows == [] and "synonyms.json" in status and "内置同义词照常使用" in status


def test_with_a_login_only_a_signed_in_user_changes_synonyms(fake):
    fake.settings = replace(fake.settings, ui_user="staff", ui_password="s3cret")
    status, *_ = LibraryApp(fake).add_synonym("欺负", "欺凌", signed_in(None))
    assert status == messages.NOT_SIGNED_IN and fake.taught == ()
    status, *_ = LibraryApp(fake).add_synonym("欺负", "欺凌", signed_in("staff"))
    assert status.startswith("已保存：欺负 → 欺凌") and fake.taught == (SynonymPair("欺负", ("欺凌",)),)
    status, *_ = LibraryApp(fake).remove_synonym("欺负", signed_in(None))
    assert status == messages.NOT_SIGNED_IN and fake.taught == (SynonymPair("欺负", ("欺凌",)),)


def test_a_word_taught_again_in_another_case_or_width_changes_the_same_pair(settings):
    """The real facade keeps words as search sees them (ＡＩ and AI are ai): teaching one again in
    another form changes its pair instead of failing as "given twice"."""
    from qa.application import PolicyQA
    from qa.retrieval import tokenizer

    app = LibraryApp(PolicyQA(replace(settings, default_corpus=False)))
    try:
        assert app.add_synonym("AI", "人工智能")[0].startswith("已保存：ai → 人工智能（共 1 组")
        assert app.add_synonym("ＡＩ", "人工智能、智能教育")[0].startswith(
            "已保存：ai → 人工智能、智能教育（共 1 组"
        )
        assert app.remove_synonym("Ai")[0] == "已删除“Ai”（共 0 组自定义同义词）。"
    finally:
        tokenizer.set_custom_synonyms({})

"""A real browser (Debian chromium, driven by playwright) uses the page as staff would: on a
desktop and on a phone, asking, opening a source from its [n], giving feedback, filtering; in 文件库
uploading a .docx, correcting its metadata, asking about it, removing it; stopping a slow answer.
Everything it shows is checked to be Chinese, whatever the browser's language."""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from ui.screenshots import (
    ANSWERED,
    CHROMIUM,
    CHROMIUM_FLAGS,
    DESKTOP,
    PHONE,
    QUESTION,
    ask,
    capture,
    open_first_source,
)

pytestmark = [pytest.mark.slow, pytest.mark.integration]

OPEN_PANEL = "document.querySelector('#chat .thought-group').getBoundingClientRect().height > 150"
# Latin words allowed on the page: file types and the names of things.
LATIN_OK = {"txt", "md", "docx", "pdf", "MB", "KB", "CSV", "TSV", "OpenAI", "Gradio"}
# Every text, tooltip and placeholder the page ever shows, collected as it changes (transient
# progress lines included), with the visible ones told apart when read.
WATCH_TEXT = """
window.__texts = new Set();
const shown = (element) => {
  const style = getComputedStyle(element);
  return style.display !== 'none' && style.visibility !== 'hidden' && style.opacity !== '0'
    && element.getClientRects().length > 0;
};
// texts, tooltips and placeholders as they appear (transient progress lines included)
const note = (node) => {
  const element = node.nodeType === 1 ? node : node.parentElement;
  if (!element || !shown(element)) return;
  const found = node.nodeType === 3
    ? node.textContent
    : ['title', 'placeholder'].map((a) => node.getAttribute(a) || '').join(' ');
  if (found.trim()) window.__texts.add(found.trim());
};
// and every half second everything on screen, screen reader labels included
const sweep = () => {
  const all = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  while (all.nextNode()) {
    const node = all.currentNode;
    note(node);
    if (node.nodeType === 1 && node.getAttribute('aria-label') && shown(node)) {
      window.__texts.add(node.getAttribute('aria-label'));
    }
  }
};
window.__watch = () => {
  if (window.__watching) return;
  window.__watching = true;
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === 'characterData' || change.type === 'attributes') note(change.target);
      else change.addedNodes.forEach((node) => {
        note(node);
        if (node.nodeType === 1) node.querySelectorAll('*').forEach(note);
      });
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true,
                             attributeFilter: ['title', 'placeholder', 'class', 'style']});
  sweep();
  setInterval(sweep, 500);
};
// From the moment the question box is rendered, as a person would first see it: after the
// mutations of that render have been handled (a timeout, not this observer's own microtask).
new MutationObserver((changes, self) => {
  if (!document.querySelector('#question textarea')) return;
  self.disconnect();
  setTimeout(window.__watch, 0);
}).observe(document, {subtree: true, childList: true});
"""


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():  # `make install` puts it there; a bare `pytest` may not have
        pytest.fail(f"{CHROMIUM} is missing: run `make install` (installs Debian chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def new_page(browser, shape=DESKTOP, locale="en-US"):
    """A page that records every request leaving this machine and, from the moment the question
    box is rendered (gradio's own "Loading…" comes before any page script can run), every text
    it shows. An English browser by default: the page must be Chinese anyway."""
    page = browser.new_page(locale=locale, **shape)
    page.outside = []
    page.on(
        "request",
        lambda request: (
            page.outside.append(request.url)
            if urlparse(request.url).hostname not in ("127.0.0.1", None, "")
            else None
        ),
    )
    page.add_init_script(WATCH_TEXT)
    return page


def open_page(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#question textarea")
    page.evaluate("window.__watch()")


def english_on(page) -> dict[str, str]:
    """Latin words the page showed (text, tooltips, placeholders, screen reader labels) beyond
    the allowed ones, each with a text it was in."""
    words = {}
    for text in page.evaluate("Array.from(window.__texts)"):
        if "pq-" in text or "{" in text:  # a style or code, not words for people
            continue
        for word in set(re.findall(r"[A-Za-z]{2,}", text)) - LATIN_OK:
            words[word] = text[:80]
    return words


def type_into(page, selector: str, text: str) -> None:
    """Type as a person does, but only once the element has the focus and takes text: keys sent
    before that are lost (gradio focuses a table cell's editor a frame after the double-click)."""
    field = page.locator(selector)
    field.wait_for(state="visible")
    page.wait_for_function(
        "(s) => { const e = document.querySelector(s); return e && document.activeElement === e"
        " && !e.disabled && !e.readOnly; }",
        arg=selector,
        timeout=10_000,
    )
    page.keyboard.type(text)


def box(page, selector: str) -> dict:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not shown"
    return found


def contrast(page, selector: str) -> float:
    """The WCAG contrast ratio of the element's text against the first opaque background behind it."""
    return page.locator(selector).first.evaluate(
        """(element) => {
          const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
          const lum = ([r, g, b]) => {
            const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
            return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
          };
          let back = element, bg = [255, 255, 255];
          while (back) {
            const c = rgb(getComputedStyle(back).backgroundColor);
            if ((c.length > 3 ? c[3] : 1) > 0.9) { bg = c.slice(0, 3); break; }
            back = back.parentElement;
          }
          const fg = lum(rgb(getComputedStyle(element).color)), b = lum(bg);
          return (Math.max(fg, b) + 0.05) / (Math.min(fg, b) + 0.05);
        }"""
    )


def font_px(page, selector: str) -> float:
    return page.locator(selector).first.evaluate("(e) => parseFloat(getComputedStyle(e).fontSize)")


def bots(page) -> int:
    return page.locator("#chat .bot-row").count()


# -- a desktop -------------------------------------------------------------------------------------
def test_a_staff_member_asks_reads_sources_and_gives_feedback(browser, ui_app):
    from playwright.sync_api import expect

    page = new_page(browser)
    open_page(page, ui_app.url)
    expect(page.locator("#pq-loaded")).to_contain_text("已载入 5 份文件")
    expect(page.locator("#pq-loaded")).to_contain_text("《洛阳市教育局2022年教育工作要点》")

    seconds = ask(page, QUESTION)
    answer = page.locator("#chat .bot-row").first
    expect(answer).to_contain_text("41所[1]")

    # the sources panel starts collapsed; opened, it shows the clause, its 文号 and locator
    cited = page.locator("#chat .pq-cite").first
    expect(cited).to_be_hidden()
    page.get_by_role("button", name="引用来源（1 条）").click()  # the one clause that states it
    page.wait_for_function(OPEN_PANEL, timeout=10_000)
    expect(cited.locator(".pq-loc")).to_have_text("五、29.")
    expect(cited).to_contain_text("《洛阳市教育局2022年教育工作要点》")
    expect(cited).to_contain_text("洛教〔2022〕1号")
    expect(cited.locator("mark")).to_contain_text("2022年新建、改扩建农村寄宿制学校41所")
    expect(cited).to_contain_text("扎实推动城市区高中学校迁建工作")  # the full clause, not just the quote
    # readable: at least 14 px, contrast at least 4.5:1 (WCAG AA)
    for selector in ("#chat .pq-cite .pq-text", "#chat .pq-cite .pq-docno", "#chat .pq-note"):
        assert font_px(page, selector) >= 14, selector
        assert contrast(page, selector) >= 4.5, selector

    # [1] in the answer opens that source in the reader, beside the answer
    answer.locator("a.pq-ref", has_text="[1]").click()
    reader = page.locator("#context")
    expect(page.locator("#context-select input")).to_have_value(
        re.compile(r"^\[1\] 《洛阳市教育局2022年教育工作要点》")
    )
    expect(reader.locator(".pq-focus")).to_contain_text("29.优化调整中小学校布局")
    expect(reader.locator(".pq-focus mark")).to_contain_text("2022年新建、改扩建农村寄宿制学校41所")
    expect(reader).to_contain_text("五、28.")
    assert box(page, "#pq-reader-box")["x"] >= box(page, "#chat")["x"] + box(page, "#chat")["width"]
    assert font_px(page, "#context .pq-text") >= 14 and contrast(page, "#context .pq-focus .pq-text") >= 4.5
    page.wait_for_function(OPEN_PANEL, timeout=10_000)  # the sources panel stayed open

    # feedback: 赞 under the answer is recorded at once, the optional comment right under the chat
    feedback = ui_app.settings.data_dir / "feedback.jsonl"
    before = feedback.read_text(encoding="utf-8").count("\n") if feedback.exists() else 0
    page.locator("#chat button[aria-label='赞']").last.click()
    expect(page.locator("#pq-feedback")).to_be_visible()
    expect(page.locator("#pq-feedback")).to_contain_text("已记录“赞”")
    comment_box, chat_box = box(page, "#pq-feedback"), box(page, "#chat")
    assert (
        comment_box["y"] >= chat_box["y"] + chat_box["height"] - 1 and comment_box["x"] < chat_box["x"] + 40
    )
    page.fill("#feedback-comment textarea", "数字清楚")
    page.click("#feedback-send")
    expect(page.locator("#pq-feedback")).to_be_hidden()
    expect(page.locator("#pq-status")).to_have_text("已收到您的意见，谢谢！")
    lines = [json.loads(line) for line in feedback.read_text(encoding="utf-8").splitlines()[before:]]
    assert [(e["useful"], e["comment"]) for e in lines] == [(True, ""), (True, "数字清楚")]
    assert lines[0]["question"] == QUESTION and lines[0]["citations"][0]["locator"] == "五、29."

    # an empty question does nothing; an over-long one gets a line (not a chat message, so no 赞/踩)
    likes = page.locator("#chat .message-buttons").count()  # 复制 / 踩 / 赞 under each answer
    rows = page.locator("#chat .message-row").count()
    page.fill("#question textarea", "   ")
    page.press("#question textarea", "Enter")
    page.wait_for_timeout(1500)
    assert page.locator("#chat .message-row").count() == rows
    expect(page.locator("#pq-status")).to_have_text("已收到您的意见，谢谢！")  # unchanged
    page.fill("#question textarea", "县管校聘" * 600)
    page.press("#question textarea", "Enter")
    expect(page.locator("#pq-status")).to_contain_text("问题太长了，请控制在 2000 字以内")
    assert "县管校聘" not in page.locator("#pq-status").inner_text()
    assert page.locator("#chat .message-row").count() == rows
    assert page.locator("#chat .message-buttons").count() == likes

    # only the 衡阳 document: a question about 洛阳 is not answered from 衡阳's document
    page.locator("#pq-filters .label-wrap").click()
    page.locator("#filter-docs input").click()
    page.get_by_role("option", name="2022年衡阳市教育局工作要点").click()
    page.keyboard.press("Escape")
    ask(page, QUESTION)
    last = page.locator("#chat .bot-row").last
    expect(last).to_contain_text("所选范围内没有洛阳的文件；所选：《2022年衡阳市教育局工作要点》")
    expect(last).to_contain_text("按所选范围检索（文件：2022年衡阳市教育局工作要点）")
    # within that selection, a question it does not answer offers 衡阳's closest clauses
    ask(page, "高考一本录取率是多少？")
    last = page.locator("#chat .bot-row").last
    expect(last).to_contain_text("现有文件中没有找到具体比例")  # what is missing, said precisely
    page.get_by_role("button", name="相关条款（未找到依据，不构成答案）").last.click()
    related = last.locator(".pq-related")
    expect(related.first).to_be_visible()
    titles = {t.strip() for t in related.locator(".pq-head").all_inner_texts()}
    assert titles and all(t.startswith("《2022年衡阳市教育局工作要点》") for t in titles)
    related.first.locator("a.pq-ref").click()  # 查看原文 of a related clause
    expect(page.locator("#context .pq-opened")).to_contain_text("《2022年衡阳市教育局工作要点》")

    assert page.outside == [], f"the page reached outside this machine: {page.outside}"
    assert not (found := english_on(page)), " | ".join(sorted(set(found.values())))
    print(f"first answer in the browser: {seconds:.2f} s after Enter")  # pytest -s shows it
    assert seconds < 30, f"first answer took {seconds:.1f} s"
    page.close()


def test_an_example_question_is_asked_with_one_click(browser, ui_app):
    from playwright.sync_api import expect

    page = new_page(browser, locale="zh-CN")
    open_page(page, ui_app.url)
    page.get_by_role("button", name=re.compile("县管校聘改革怎么推进")).click()
    page.wait_for_function(ANSWERED, arg=0, timeout=60_000)
    expect(page.locator("#chat .user-row")).to_have_text("县管校聘改革怎么推进？")
    expect(page.locator("#chat .bot-row").last).to_contain_text("县管校聘")
    expect(page.locator("#chat .bot-row").last.locator("a.pq-ref").first).to_be_visible()
    page.close()


# -- a phone ---------------------------------------------------------------------------------------
def test_on_a_phone_the_question_and_the_answer_come_first(browser, ui_app):
    from playwright.sync_api import expect

    page = new_page(browser, PHONE, locale="zh-CN")
    open_page(page, ui_app.url)
    height = PHONE["viewport"]["height"]
    question = box(page, "#question textarea")
    assert question["y"] + question["height"] <= height, "the question box needs scrolling"
    expect(page.locator("#filter-docs")).to_be_hidden()  # the filters are folded away
    expect(page.locator("#pq-feedback")).to_be_hidden()

    ask(page, QUESTION)
    assert page.evaluate("window.scrollY") == 0
    answer, question = box(page, "#chat .bot-row"), box(page, "#question textarea")
    assert 0 <= answer["y"] < height and question["y"] + question["height"] <= height
    assert answer["y"] < question["y"]  # the answer above the box, both on screen
    expect(page.locator("#pq-reader-box")).to_be_hidden()  # until a source is opened

    open_first_source(page)
    expect(page.locator("#pq-reader-box")).to_be_visible()
    reader = page.locator("#pq-reader-box").evaluate("(e) => e.getBoundingClientRect().top + window.scrollY")
    chat = page.locator("#chat").evaluate("(e) => e.getBoundingClientRect().bottom + window.scrollY")
    ask_box = page.locator("#pq-ask-box").evaluate("(e) => e.getBoundingClientRect().top + window.scrollY")
    assert chat <= reader < ask_box, "the reader belongs right under the answer, above the question box"
    reader_now = box(page, "#context .pq-focus")
    assert 0 <= reader_now["y"] < height  # scrolled to it
    expect(page.locator("#context .pq-focus")).to_contain_text("29.优化调整中小学校布局")
    assert page.outside == []
    assert not (found := english_on(page)), " | ".join(sorted(set(found.values())))
    page.close()


# -- 文件库 ------------------------------------------------------------------------------------------
def make_docx(path: Path) -> Path:
    from docx import Document

    document = Document()
    for line in (
        "株洲市教育局关于加强2024年中小学校园安全工作的通知",
        "各县市区教育局，市直各学校：",
        "为进一步做好2024年全市中小学校园安全工作，现将有关事项通知如下。",
        "一、总体要求",
        "1.各学校每学期至少开展2次应急疏散演练，确保师生熟悉疏散路线。",
        "2.全市中小学校门口护学岗覆盖率达到100%。",
        "二、重点任务",
        "3.2024年完成48所学校视频监控系统升级改造，实现校园重点部位全覆盖。",
        "4.每所学校配备专职保安不少于2名。",
        "株洲市教育局",
        "2024年3月1日",
    ):
        document.add_paragraph(line)
    document.save(path)
    return path


def upload(page, path: Path) -> None:
    page.set_input_files("#library-upload input[type=file]", str(path))
    page.wait_for_function(
        "document.querySelector('#library-upload-status').innerText.trim().length > 0", timeout=60_000
    )


def test_a_document_is_uploaded_corrected_asked_about_and_removed(browser, own_library, tmp_path):
    from playwright.sync_api import expect

    from tests.ui.conftest import start

    app = start(own_library)
    try:
        page = new_page(browser)
        open_page(page, app.url)
        page.click("#pq-to-library")  # the chat's link to 文件库
        table = page.locator("#library-docs")
        expect(table).to_be_visible()
        expect(page.locator("#library-summary")).to_have_text("文件库共 5 份文件、220 条条款。")
        expect(table).to_contain_text("洛阳市教育局2022年教育工作要点")
        expect(table).to_contain_text("洛教〔2022〕1号")

        # read first: what the text says, shown for correction; nothing indexed yet
        docx = make_docx(tmp_path / "株洲校园安全通知.docx")
        upload(page, docx)
        expect(page.locator("#library-upload-status")).to_contain_text("已读取 1 份文件")
        cells = page.locator("#library-preview .virtual-body .body-cell")
        expect(cells.nth(3)).to_contain_text("株洲市教育局关于加强2024年中小学校园安全工作的通知")
        expect(cells.nth(8)).to_contain_text("株洲")  # 城市, read from the text (省份 comes before it)
        expect(cells.nth(10)).to_contain_text("2024")
        assert len(own_library.documents()) == 5  # nothing indexed by reading
        cells.nth(5).dblclick()  # 文号: the text has none, the person adds it
        type_into(page, "#library-preview textarea", "株教通〔2024〕5号")
        page.keyboard.press("Enter")
        expect(cells.nth(5)).to_contain_text("株教通〔2024〕5号")

        page.click("#library-add")
        status = page.locator("#library-upload-status")
        expect(status).to_contain_text("正在建立索引", timeout=30_000)
        expect(status).to_contain_text("已加入文件库：株洲校园安全通知.docx", timeout=120_000)
        expect(page.locator("#library-summary")).to_contain_text("文件库共 6 份文件")
        expect(table).to_contain_text("株洲市教育局关于加强2024年中小学校园安全工作的通知")
        expect(table).to_contain_text("株教通〔2024〕5号")
        uploaded = next(d for d in own_library.documents() if d.meta.city == "株洲")
        assert uploaded.meta.doc_number == "株教通〔2024〕5号" and uploaded.clauses >= 4

        # its clause tree
        page.locator("#library-docs .virtual-body .body-cell", has_text="株洲市教育局关于加强").click()
        expect(page.locator("#library-doc input")).to_have_value(re.compile("^株洲市教育局关于加强"))
        page.click("#library-tree-btn")
        tree = page.locator("#library-tree")
        expect(tree).to_contain_text("一、总体要求")
        expect(tree).to_contain_text(
            "《株洲市教育局关于加强2024年中小学校园安全工作的通知》（株教通〔2024〕5号）"
        )
        tree.locator("summary", has_text="3.").first.click()
        expect(tree).to_contain_text("2024年完成48所学校视频监控系统升级改造")

        # the same file again is refused, in Chinese; so is a file that cannot be read
        upload(page, docx)
        expect(status).to_contain_text("已在文件库中")
        page.click("#library-add")
        expect(status).to_contain_text("没有加入任何文件：文件库里已有这份文件", timeout=60_000)
        broken = tmp_path / "扫描件.pdf"
        broken.write_bytes(b"%PDF-1.4 not really a pdf")
        upload(page, broken)
        expect(status).to_contain_text("✗ 扫描件.pdf：无法读取")

        # 问答 knows it: the loaded line, the filters, an answer from it, its [1] opening it
        page.get_by_role("tab", name="问答").click()
        expect(page.locator("#pq-loaded")).to_contain_text("已载入 6 份文件")
        page.locator("#pq-filters .label-wrap").click()
        page.locator("#filter-city input").click()
        expect(page.get_by_role("option", name="株洲")).to_be_visible()
        page.keyboard.press("Escape")
        ask(page, "株洲2024年要完成多少所学校视频监控系统升级改造？")
        answer = page.locator("#chat .bot-row").last
        expect(answer).to_contain_text("2024年完成48所学校视频监控系统升级改造，实现校园重点部位全覆盖[1]")
        answer.locator("a.pq-ref").first.click()
        expect(page.locator("#context .pq-opened .pq-focus")).to_contain_text(
            "3.2024年完成48所学校视频监控系统升级改造"
        )
        expect(page.locator("#context")).to_contain_text("株教通〔2024〕5号")

        # removed, after a confirmation (cancel first: nothing happens)
        page.get_by_role("tab", name="文件库").click()
        page.locator("#library-docs .virtual-body .body-cell", has_text="株洲市教育局关于加强").click()
        page.click("#library-remove")
        expect(page.locator("#library-confirm")).to_contain_text(
            "确定从文件库删除《株洲市教育局关于加强2024年中小学校园安全工作的通知》吗"
        )
        page.click("#library-remove-cancel")
        expect(page.locator("#library-confirm")).to_be_hidden()
        assert len(own_library.documents()) == 6
        page.click("#library-remove")
        page.click("#library-remove-confirm")
        expect(page.locator("#library-status")).to_contain_text(
            "已删除《株洲市教育局关于加强", timeout=60_000
        )
        expect(page.locator("#library-summary")).to_have_text("文件库共 5 份文件、220 条条款。")
        expect(table).not_to_contain_text("株洲")
        assert all(d.meta.city != "株洲" for d in own_library.documents())

        page.get_by_role("tab", name="问答").click()
        expect(page.locator("#pq-loaded")).to_contain_text("已载入 5 份文件")
        ask(page, "株洲2024年要完成多少所学校视频监控系统升级改造？")
        expect(page.locator("#chat .bot-row").last).to_contain_text("现有文件中没有株洲的文件")
        assert page.outside == []
        assert not (found := english_on(page)), " | ".join(sorted(set(found.values())))
        page.close()
    finally:
        app.demo.close()


# -- 同义词: a word staff teach ----------------------------------------------------------------------
@pytest.fixture
def empty_library(tmp_path):
    """A PolicyQA over an empty data dir (teaching words needs no index); the taught table is the
    process's, so none is left behind."""
    from qa.application import PolicyQA
    from qa.config import Settings
    from qa.retrieval import tokenizer

    yield PolicyQA(Settings.from_env(data_dir=tmp_path / "data", default_corpus=False, chat_verify=False))
    tokenizer.set_custom_synonyms({})


def test_a_word_is_taught_in_the_library_and_still_listed_after_a_reload(browser, empty_library):
    from playwright.sync_api import expect

    from qa.retrieval.tokenizer import expand
    from tests.ui.conftest import start

    app = start(empty_library)
    try:
        page = new_page(browser)
        open_page(page, app.url)
        page.get_by_role("tab", name="文件库").click()
        # typed at once after a click, as people do: plain boxes keep every character
        page.click("#library-synonym-word input")
        type_into(page, "#library-synonym-word input", "欺负")
        page.click("#library-synonym-policy input")
        type_into(page, "#library-synonym-policy input", "欺凌、霸凌")
        page.click("#library-synonym-add")
        # what was stored is said back, so a word that did not arrive whole is seen
        status = page.locator("#library-synonyms-status")
        expect(status).to_have_text("已保存：欺负 → 欺凌、霸凌（共 1 组自定义同义词，下一次提问起生效）。")
        assert expand(["欺负"]) == ["欺负", "欺凌", "霸凌"]  # no restart
        cells = page.locator("#library-synonyms .virtual-body .body-cell")
        expect(cells.nth(0)).to_have_text("欺负")
        expect(cells.nth(1)).to_have_text("欺凌、霸凌")
        expect(page.locator("#library-synonym-word input")).to_have_value("")

        # a second pair by Enter in the policy box
        page.fill("#library-synonym-word input", "下河游泳")
        page.fill("#library-synonym-policy input", "防溺水")
        page.press("#library-synonym-policy input", "Enter")
        expect(status).to_contain_text("已保存：下河游泳 → 防溺水（共 2 组")

        open_page(page, app.url)  # a reload: the table is read again from the data dir
        page.get_by_role("tab", name="文件库").click()
        expect(cells.nth(0)).to_have_text("欺负")
        expect(cells.nth(1)).to_have_text("欺凌、霸凌")
        expect(cells.nth(2)).to_have_text("下河游泳")

        # a click on a row chooses it for 删除
        cells.nth(2).click()
        expect(page.locator("#library-synonym-pick input")).to_have_value("下河游泳")
        page.click("#library-synonym-remove")
        expect(status).to_have_text("已删除“下河游泳”（共 1 组自定义同义词）。")
        expect(page.locator("#library-synonyms")).not_to_contain_text("下河游泳")
        assert expand(["下河游泳"]) == ["下河游泳"]

        page.locator("#library-synonyms-builtin").get_by_text("内置同义词（只读）").click()
        expect(page.locator("#library-synonyms-builtin")).to_contain_text("老师 → 教师、师资")
        expect(page.locator("#library-synonyms-candidates")).to_contain_text("暂时没有附意见的“踩”")
        assert page.outside == []
        assert not (found := english_on(page)), " | ".join(sorted(set(found.values())))
        page.close()
    finally:
        app.demo.close()


# -- a slow answer -----------------------------------------------------------------------------------
def test_a_slow_answer_shows_progress_and_can_be_stopped(browser, real_settings, answer_service):
    from playwright.sync_api import expect

    from qa.application import PolicyQA
    from tests.ui.conftest import start

    class Hesitant(PolicyQA):
        """The real answers, each after a few seconds of silence (a local model's first token)."""

        delay = 4.0
        closed = threading.Event()

        def stream(self, request, on_retrieved=None):
            inner = super().stream(request, on_retrieved)

            def slowly():
                try:
                    first = next(inner)  # understood, retrieved, judged: on_retrieved has run
                    time.sleep(self.delay)
                    yield first
                    yield from inner
                finally:
                    inner.close()
                    self.closed.set()

            return slowly()

    app = start(Hesitant(real_settings, answer_service))
    try:
        page = new_page(browser)
        open_page(page, app.url)
        page.fill("#question textarea", QUESTION)
        page.press("#question textarea", "Enter")
        expect(page.locator("#stop")).to_be_visible()
        expect(page.locator("#send")).to_be_hidden()
        expect(page.locator("#chat .bot-row").last).to_contain_text(
            re.compile(r"检索完成，正在生成回答…（已用 [1-3] 秒）")
        )
        page.click("#stop")
        expect(page.locator("#pq-status")).to_have_text("已停止回答。")
        expect(page.locator("#send")).to_be_visible()
        expect(page.locator("#question textarea")).to_have_value(QUESTION)  # back, to ask again
        assert bots(page) == 0  # the unfinished answer is gone, no turn was made
        assert Hesitant.closed.wait(15), "the answer stream was not closed"

        Hesitant.delay = 0.0  # and the next question is answered normally
        ask(page, QUESTION)
        expect(page.locator("#chat .bot-row").last).to_contain_text("41所[1]")
        expect(page.locator("#stop")).to_be_hidden()
        assert not (found := english_on(page)), " | ".join(sorted(set(found.values())))
        page.close()
    finally:
        app.demo.close()


def test_after_stopping_a_check_the_next_question_is_answered_at_once(browser, real_settings, answer_service):
    from dataclasses import replace

    from playwright.sync_api import expect

    from qa.application import PolicyQA
    from tests.ui.conftest import start

    class SlowCheck(PolicyQA):
        """The real answers; a check that takes 20 s (a busy local model) and then finds nothing."""

        def can_verify(self) -> bool:
            return True

        def verify(self, answer):
            time.sleep(20)
            return answer

    app = start(SlowCheck(replace(real_settings, chat_verify=True), answer_service))
    try:
        page = new_page(browser)
        open_page(page, app.url)
        page.fill("#question textarea", QUESTION)
        page.press("#question textarea", "Enter")
        first = page.locator("#chat .bot-row").first
        expect(first.locator(".pq-check")).to_have_text("核对中…", timeout=30_000)
        page.click("#stop")
        expect(page.locator("#pq-status")).to_have_text("已停止核对，回答保留。")
        expect(first.locator(".pq-check")).to_have_text("未核对")
        expect(page.locator("#send")).to_be_visible()
        expect(first).to_contain_text("41所[1]")  # the answer stays

        # the next question, typed and sent at once, is answered well before the check would end
        started = time.perf_counter()
        page.fill("#question textarea", "县管校聘改革怎么推进？")
        page.press("#question textarea", "Enter")
        expect(page.locator("#chat .bot-row")).to_have_count(2, timeout=10_000)
        expect(page.locator("#chat .bot-row").last).to_contain_text("县管校聘", timeout=10_000)
        after_stop = time.perf_counter() - started
        print(f"after 停止 during a check, the next question answered in {after_stop:.2f} s")  # pytest -s
        assert after_stop < 12, "the question waited for the stopped check"
        expect(page.locator("#question textarea")).to_have_value("")

        # asked while the last answer is still being checked, without 停止: answered at once too,
        # and that check is given up (said, not hidden)
        second = page.locator("#chat .bot-row").nth(1)
        expect(second.locator(".pq-check")).to_have_text("核对中…", timeout=10_000)
        started = time.perf_counter()
        page.fill("#question textarea", QUESTION)
        page.press("#question textarea", "Enter")
        expect(page.locator("#chat .bot-row")).to_have_count(3, timeout=10_000)
        expect(page.locator("#chat .bot-row").last).to_contain_text("41所[1]", timeout=10_000)
        during_check = time.perf_counter() - started
        print(f"a question sent during a check answered in {during_check:.2f} s")
        assert during_check < 12, "the question waited for the last answer's check"
        expect(second.locator(".pq-check")).to_have_text("未核对")
        assert not (found := english_on(page)), " | ".join(sorted(set(found.values())))
        page.close()
    finally:
        app.demo.close()


def test_an_answer_is_shown_at_once_and_checked_by_the_local_model(browser, real_settings, answer_service):
    from dataclasses import replace

    from playwright.sync_api import expect

    from qa.application import PolicyQA
    from tests.ui.conftest import start

    app = start(PolicyQA(replace(real_settings, chat_verify=True), answer_service))
    try:
        page = new_page(browser)
        open_page(page, app.url)
        # a question no other test has the model check: its prompt is not in llama.cpp's cache, so
        # the check takes its real seconds and the 核对中… moment is seen
        page.fill("#question textarea", "衡阳怎么推进双减工作？")
        page.press("#question textarea", "Enter")
        answer = page.locator("#chat .bot-row").first
        expect(answer).to_contain_text("重大民生问题", timeout=30_000)
        badge = answer.locator(".pq-check")
        # no green 已核对: no operating point earned its promise on dev (0.97 right, as a lower bound)
        expect(badge).to_have_text(re.compile("^(未发现问题|可能未回答所问)$"), timeout=120_000)
        # the answer was there before the model had read it (the page's text log keeps what a
        # check cached by earlier tests shows only for a moment)
        assert "核对中…" in page.evaluate("Array.from(window.__texts)")
        assert re.fullmatch(r"核对模型判断“是”的概率：\d+%", badge.get_attribute("title"))
        assert contrast(page, "#chat .pq-check") >= 4.5
        expect(page.locator("#send")).to_be_visible()

        # the question a new user saw marked 已核对 (71 %) when answered with 近视防控: no promise now
        ask(page, "孩子下河游泳的事学校要管吗？")
        last = page.locator("#chat .bot-row").last.locator(".pq-check")
        expect(last).to_have_text(re.compile("^(未发现问题|可能未回答所问)$"), timeout=120_000)
        assert "pq-check-verified" not in (last.get_attribute("class") or "")
        assert not (found := english_on(page)), " | ".join(sorted(set(found.values())))
        page.close()
    finally:
        app.demo.close()


# -- screenshots -------------------------------------------------------------------------------------
def test_screenshots_of_the_chat(browser, ui_app, tmp_path):
    """The README's pictures: POLICYQA_UI_SCREENSHOTS=docs/screenshots refreshes them (as does
    `python -m ui.screenshots`)."""
    shots = capture(browser, ui_app.url, tmp_path)
    assert [s.name for s in shots] == [
        "chat-desktop.png",
        "library-desktop.png",
        "chat-phone.png",
        "chat-phone-source.png",
    ]
    assert all(s.stat().st_size > 20_000 for s in shots)
    if target := os.environ.get("POLICYQA_UI_SCREENSHOTS"):
        Path(target).mkdir(parents=True, exist_ok=True)
        for shot in shots:
            shutil.copy(shot, Path(target) / shot.name)

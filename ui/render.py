"""Pure functions from answers, clauses and documents to what the page shows (Markdown with a
little HTML, table rows, JSON for API callers).

No gradio here, so every piece of the page's text is unit-testable. Clause texts are HTML-escaped
and wrapped in one <div> without blank lines: CommonMark leaves such a block alone, so a clause
that starts with "1." or contains "*" is never turned into a list or emphasis.

Links that open a source in the clause reader are plain anchors, `<a class="pq-ref"
href="#pq-cite-T-N">`: the chatbot's HTML sanitizer keeps a class and an href (it drops data-*
attributes), and the page's script reads which turn T and which citation N from the href.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from qa.records import Answer, Citation, Clause, DocumentMeta, Hit, source_label

PANEL_TITLE = "引用来源"
RELATED_TITLE = "相关条款（未找到依据，不构成答案）"
READER_HINT = "点回答里的 [n] 或来源旁的“查看原文”，这里显示该条款及其所在章节的上下文。"
_QUOTE_GAP = "……"  # the citation check joins the non-adjacent parts of a quote with it
_MARKER = re.compile(r"\[(\d+)\]")
_REF = re.compile(r"#pq-(cite|rel)-(\d+)-(\d+)(?!\d)")


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


# -- references from the page back to a source ----------------------------------------------------
@dataclass(frozen=True)
class SourceRef:
    """A link in the chat: the n-th citation (kind "cite") or the n-th related clause ("rel") of
    the turn-th answer."""

    kind: str
    turn: int
    n: int

    @property
    def href(self) -> str:
        return f"#pq-{self.kind}-{self.turn}-{self.n}"

    @classmethod
    def parse(cls, value: str | None) -> SourceRef | None:
        """The reference at the end of an href (or of any text ending with one); None otherwise."""
        match = _REF.search((value or "").strip())
        return cls(match[1], int(match[2]), int(match[3])) if match else None


def _ref_link(ref: SourceRef, text: str, title: str) -> str:
    return f'<a class="pq-ref" href="{ref.href}" title="{_attr(title)}">{text}</a>'


# -- answers --------------------------------------------------------------------------------------
def highlight(text: str, quote: str) -> str:
    """`text` as HTML with each part of `quote` wrapped in <mark>. Parts are looked up in order,
    each after the previous one; a part that is not found is skipped (the text is still shown)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for part in (p.strip() for p in quote.split(_QUOTE_GAP)):
        if not part:
            continue
        found = text.find(part, start)
        if found < 0:
            found = text.find(part)
            if found < 0 or any(a <= found < b for a, b in spans):
                continue
        spans.append((found, found + len(part)))
        start = found + len(part)
    out, cursor = [], 0
    for first, last in sorted(spans):
        if first < cursor:
            continue
        out.append(_e(text[cursor:first]))
        out.append(f"<mark>{_e(text[first:last])}</mark>")
        cursor = last
    out.append(_e(text[cursor:]))
    return "".join(out).replace("\n", "<br>")


def answer_markdown(text: str) -> str:
    """The answer text as it streams: escaped, one line per line (the chatbot keeps line breaks),
    [n] markers left as they are (their numbers are final only once the answer is checked)."""
    return _e(text.strip())


def linked_answer(answer: Answer, turn: int) -> str:
    """The finished answer's text with each [n] that names a citation turned into a link that
    opens that citation in the clause reader."""
    cited = {c.n: c for c in answer.citations}

    def link(match: re.Match) -> str:
        citation = cited.get(int(match[1]))
        if citation is None:
            return match[0]
        label = citation.ref.label()
        return _ref_link(SourceRef("cite", turn, citation.n), match[0], f"查看来源：{label}")

    return _MARKER.sub(link, answer_markdown(answer.answer))


CHECKING = "核对中…"


def check_badge(answer: Answer, checking: bool = False) -> str:
    """The second reader's verdict as a badge (核对中… while it reads; "" when no check was asked)."""
    if checking:
        return f'<span class="pq-check pq-check-pending">{CHECKING}</span>'
    if answer.verification is None:
        return ""
    verification = answer.verification
    if verification.verdict == "unchecked":  # the reason (English, technical) is in the JSON and the log
        title = "核对没有完成（模型忙、超时或出错），回答未经核对"
    else:
        title = f"核对模型判断“是”的概率：{verification.p_yes:.0%}"
    return (
        f'<span class="pq-check pq-check-{verification.verdict}" title="{_e(title)}">'
        f"{_e(verification.label())}</span>"
    )


def answer_note(
    answer: Answer, asked: str | None = None, filtered: str | None = None, checking: bool = False
) -> str:
    """A quiet line under the answer: how a follow-up was understood and which documents were
    searched, so a user can tell why an answer is about 衡阳 rather than 洛阳; then the check's
    badge when the answer is (being) checked."""
    parts = []
    understood = asked if asked and asked != answer.question else answer.resolved_question
    if understood:
        parts.append(f"理解为：{_e(understood)}")
    if filtered:  # the user's own filters: shown even when they leave nothing to answer from
        parts.append(f"按所选范围检索（{_e(filtered)}）")
    elif answer.scope:
        parts.append(f"检索范围：{_e(answer.scope)}")
    if answer.confidence is not None:  # the judge's probability that the documents answer it
        parts.append(f"把握：{answer.confidence:.0%}")
    note = '<span class="pq-note">' + " · ".join(parts) + "</span>" if parts else ""
    badge = check_badge(answer, checking)
    return f"{note} {badge}".strip() if badge else note


def _clause_block(head: str, body: str, css: str) -> str:
    return f'<div class="{css}"><div class="pq-head">{head}</div><div class="pq-text">{body}</div></div>'


def _docno(doc_number: str | None) -> str:
    return f' <span class="pq-docno">{_e(doc_number)}</span>' if doc_number else ""


def citation_html(citation: Citation, turn: int | None = None) -> str:
    head = (
        f"<b>[{citation.n}]</b> {_e(f'《{citation.doc_title}》')}{_docno(citation.doc_number)} "
        f'<span class="pq-loc">{_e(citation.locator)}</span>'
    )
    if turn is not None:
        head += " " + _ref_link(SourceRef("cite", turn, citation.n), "查看原文", "在条款阅读区打开")
    return _clause_block(head, highlight(citation.text, citation.quote), "pq-cite")


def related_html(hit: Hit, turn: int | None = None, n: int = 0) -> str:
    head = (
        f'{_e(f"《{hit.doc_title}》")}{_docno(hit.doc_number)} <span class="pq-loc">{_e(hit.locator)}</span>'
    )
    if turn is not None:
        head += " " + _ref_link(SourceRef("rel", turn, n), "查看原文", "在条款阅读区打开")
    return _clause_block(head, _e(hit.text).replace("\n", "<br>"), "pq-related")


def related_of(answer: Answer, limit: int = 3) -> list[Hit]:
    """A refusal's closest clauses: the answer's own `related`, else the best retrieved ones."""
    return list(answer.related or answer.retrieved)[:limit] if not answer.citations else []


def panel(answer: Answer, turn: int | None = None) -> tuple[str, str]:
    """(title, HTML body) of the collapsible panel under an answer: every citation with its
    quoted span highlighted; on a refusal, the closest clauses instead."""
    if answer.citations:
        body = "\n".join(citation_html(c, turn) for c in answer.citations)
        return f"{PANEL_TITLE}（{len(answer.citations)} 条）", body
    hits = related_of(answer)
    if not hits:
        return RELATED_TITLE, "<div>检索范围内没有相关条款。</div>"
    return RELATED_TITLE, "\n".join(related_html(h, turn, i) for i, h in enumerate(hits, 1))


def messages(
    answer: Answer,
    asked: str | None = None,
    filtered: str | None = None,
    turn: int | None = None,
    checking: bool = False,
) -> list[dict]:
    """The assistant messages of one turn: the answer (with its note), then the sources panel,
    collapsed ("done") so the answer stays short. With `turn`, [n] markers and the panel's
    sources are links that open the clause reader."""
    text = linked_answer(answer, turn) if turn is not None else answer_markdown(answer.answer)
    note = answer_note(answer, asked, filtered, checking)
    content = text + (f"\n\n{note}" if note else "")
    if not answer.citations and not related_of(answer):  # nothing searched (a place the corpus lacks)
        return [{"role": "assistant", "content": content}]
    title, body = panel(answer, turn)
    return [
        {"role": "assistant", "content": content},
        {"role": "assistant", "content": body, "metadata": {"title": title, "status": "done"}},
    ]


def progress(seconds: float, slow: bool, retrieved: bool = False) -> str:
    """The placeholder while an answer is being prepared: which step it is in, how long it has
    taken; a slow generator says it may take a while and can be stopped."""
    text = "检索完成，正在生成回答…" if retrieved else "正在检索相关条款…"
    if seconds >= 1:
        text += f"（已用 {seconds:.0f} 秒）"
    if slow:
        text += "\n\n本地大模型回答一般需要 15–30 秒，不想等可以点“停止”。"
    return _e(text)


def source_choices(answer: Answer) -> list[tuple[str, str]]:
    """(label, clause_id) for the clause reader: the cited clauses, or on a refusal the related ones."""
    if answer.citations:
        return [(f"[{c.n}] " + c.ref.label(), c.clause_id) for c in answer.citations]
    return [(h.ref.label(), h.clause_id) for h in related_of(answer)]


def citations_data(answer: Answer, asked: str | None = None) -> dict:
    """The answer for API callers (gradio_client), beside the chat's HTML: what it cites, as data."""
    return {
        "question": answer.question,
        "asked": asked or answer.resolved_question or answer.question,
        "answer": answer.answer,
        "refused": answer.refused,
        "confidence": answer.confidence,
        "verification": answer.verification.to_dict() if answer.verification else None,
        "citations": [
            {
                "n": c.n,
                "clause_id": c.clause_id,
                "doc_id": c.doc_id,
                "doc_title": c.doc_title,
                "doc_number": c.doc_number,
                "locator": c.locator,
                "quote": c.quote,
            }
            for c in answer.citations
        ],
        "related": [
            {
                "clause_id": h.clause_id,
                "doc_id": h.doc_id,
                "doc_title": h.doc_title,
                "doc_number": h.doc_number,
                "locator": h.locator,
                "title": h.title,
            }
            for h in related_of(answer)
        ],
    }


# -- the clause reader -------------------------------------------------------------------------------
def context_html(
    doc_title: str,
    doc_number: str | None,
    section: Sequence[Clause],
    focus_id: str,
    quote: str = "",
    opened: bool = True,
) -> str:
    """A clause in its section: the heading path, then the neighbouring clauses in reading order,
    the focused one marked (and its quoted span highlighted). `opened`: the person opened it
    (a phone shows the reader only then), not the first source shown with a new answer."""
    css = "pq-reader pq-opened" if opened else "pq-reader"
    if not section:
        return (
            f'<div class="{css}"><div class="pq-reader-note">找不到这条条款（文件库可能已更新）。</div></div>'
        )
    path = " › ".join(section[0].path) or "文件开头"
    rows = [f'<div class="pq-context-title">{_e(source_label(doc_title, doc_number, ""))} · {_e(path)}</div>']
    for clause in section:
        focused = clause.clause_id == focus_id
        body = highlight(clause.text, quote) if focused else _e(clause.text).replace("\n", "<br>")
        block = "pq-clause pq-focus" if focused else "pq-clause"
        rows.append(_clause_block(f'<span class="pq-loc">{_e(clause.locator)}</span>', body, block))
    return f'<div class="{css}">' + "\n".join(rows) + "</div>"


def reader_placeholder(text: str = READER_HINT) -> str:
    """The reader before a source is opened (on a phone the reader is hidden while it shows this)."""
    return f'<div class="pq-reader-empty">{_e(text)}</div>'


# -- the library -----------------------------------------------------------------------------------
def _place(meta: DocumentMeta) -> str:
    return " ".join(meta.places())


def document_rows(documents: Iterable) -> list[list]:
    """The 文件库 table: title, 文号, date, place, year, clause count (one row per DocumentSummary)."""
    return [
        [
            d.meta.title,
            d.meta.doc_number or "",
            d.meta.date or "",
            _place(d.meta),
            str(d.meta.year or ""),
            d.clauses,
        ]
        for d in documents
    ]


def loaded_html(documents: Sequence) -> str:
    """ "已载入 N 份文件：《…》、《…》" above the chat (the titles fold to one line on a phone)."""
    if not documents:
        return '<div class="pq-loaded">文件库还是空的：请先到“文件库”上传文件。</div>'
    titles = "、".join(_e(f"《{d.meta.title}》") for d in documents)
    return (
        f'<div class="pq-loaded"><b>已载入 {len(documents)} 份文件</b>'
        f'<span class="pq-loaded-titles">：{titles}</span></div>'
    )


def library_summary(documents: Sequence) -> str:
    clauses = sum(d.clauses for d in documents)
    if not documents:
        return "文件库还是空的。"
    return f"文件库共 {len(documents)} 份文件、{clauses} 条条款。"


def tree_html(meta: DocumentMeta, tree: list[dict], clauses: Sequence[Clause]) -> str:
    """A document's clause tree, readable: headings as folding sections (open), each clause as a
    folding line (locator and lead sentence) with its full text inside."""
    texts = {c.clause_id: c.text for c in clauses}

    def nodes(items: list[dict], depth: int) -> str:
        out = []
        for item in items:
            if "heading" in item:
                inner = nodes(item["children"], depth + 1)
                out.append(
                    f'<li><details open><summary class="pq-tree-heading">{_e(item["heading"])}</summary>'
                    f"<ul>{inner}</ul></details></li>"
                )
            else:
                text = _e(texts.get(item["clause_id"], "")).replace("\n", "<br>")
                lead = _e(item.get("title") or "")
                out.append(
                    f'<li><details><summary><span class="pq-loc">{_e(item["locator"])}</span> {lead}</summary>'
                    f'<div class="pq-text">{text}</div></details></li>'
                )
        return "".join(out)

    head = _e(source_label(meta.title, meta.doc_number))
    facts = " · ".join(x for x in (meta.issuer, meta.date, _place(meta), f"{len(clauses)} 条条款") if x)
    return (
        f'<div class="pq-tree"><div class="pq-context-title">{head}</div>'
        f'<div class="pq-note">{_e(facts)}</div><ul>{nodes(tree, 0)}</ul></div>'
    )

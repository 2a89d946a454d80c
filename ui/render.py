"""Pure functions from answers and clauses to what the chat shows (Markdown with a little HTML).

No gradio here, so every piece of the page's text is unit-testable. Clause texts are HTML-escaped
and wrapped in one <div> without blank lines: CommonMark leaves such a block alone, so a clause
that starts with "1." or contains "*" is never turned into a list or emphasis.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from qa.records import Answer, Citation, Clause, Hit, source_label

PANEL_TITLE = "引用来源"
RELATED_TITLE = "相关条款（未找到依据，不构成答案）"
_QUOTE_GAP = "……"  # the citation check joins the non-adjacent parts of a quote with it


def _e(text: str) -> str:
    return html.escape(text, quote=False)


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
    """The answer text as it streams or stands: escaped, one line per line (the chatbot keeps
    line breaks), [n] markers left as they are."""
    return _e(text.strip())


def answer_note(answer: Answer, asked: str | None = None, filtered: str | None = None) -> str:
    """A quiet line under the answer: how a follow-up was understood and which documents were
    searched, so a user can tell why an answer is about 衡阳 rather than 洛阳."""
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
    return "<small>" + " · ".join(parts) + "</small>" if parts else ""


def _clause_block(head: str, body: str, css: str) -> str:
    return f'<div class="{css}"><div class="pq-head">{head}</div><div class="pq-text">{body}</div></div>'


def citation_html(citation: Citation) -> str:
    label = _e(f"《{citation.doc_title}》")
    number = f' <span class="pq-docno">{_e(citation.doc_number)}</span>' if citation.doc_number else ""
    head = f'<b>[{citation.n}]</b> {label}{number} <span class="pq-loc">{_e(citation.locator)}</span>'
    return _clause_block(head, highlight(citation.text, citation.quote), "pq-cite")


def related_html(hit: Hit) -> str:
    number = f' <span class="pq-docno">{_e(hit.doc_number)}</span>' if hit.doc_number else ""
    head = f'{_e(f"《{hit.doc_title}》")}{number} <span class="pq-loc">{_e(hit.locator)}</span>'
    return _clause_block(head, _e(hit.text).replace("\n", "<br>"), "pq-related")


def panel(answer: Answer, related_limit: int = 3) -> tuple[str, str]:
    """(title, HTML body) of the collapsible panel under an answer: every citation with its
    quoted span highlighted; on a refusal, the closest clauses instead."""
    if answer.citations:
        body = "\n".join(citation_html(c) for c in answer.citations)
        return f"{PANEL_TITLE}（{len(answer.citations)} 条）", body
    hits = answer.retrieved[:related_limit]
    if not hits:
        return RELATED_TITLE, "<div>检索范围内没有相关条款。</div>"
    return RELATED_TITLE, "\n".join(related_html(h) for h in hits)


def messages(answer: Answer, asked: str | None = None, filtered: str | None = None) -> list[dict]:
    """The assistant messages of one turn: the answer (with its note), then the sources panel,
    collapsed ("done") so the answer stays short."""
    text = answer.answer  # a refusal's related clauses are in the panel, where they can be read
    note = answer_note(answer, asked, filtered)
    content = answer_markdown(text) + (f"\n\n{note}" if note else "")
    if not answer.citations and not answer.retrieved:  # nothing searched (a place the corpus lacks)
        return [{"role": "assistant", "content": content}]
    title, body = panel(answer)
    return [
        {"role": "assistant", "content": content},
        {"role": "assistant", "content": body, "metadata": {"title": title, "status": "done"}},
    ]


def notice(text: str) -> list[dict]:
    """A message that is not an answer: bad input, a missing index, an unavailable generator."""
    return [{"role": "assistant", "content": f"⚠️ {_e(text)}"}]


def source_choices(answer: Answer, limit: int = 5) -> list[tuple[str, str]]:
    """(label, clause_id) for the context reader: the cited clauses, or on a refusal the related ones."""
    if answer.citations:
        return [
            (f"[{c.n}] " + source_label(c.doc_title, c.doc_number, c.locator), c.clause_id)
            for c in answer.citations
        ]
    return [
        (source_label(h.doc_title, h.doc_number, h.locator), h.clause_id) for h in answer.retrieved[:limit]
    ]


def context_html(
    doc_title: str, doc_number: str | None, section: Sequence[Clause], focus_id: str, quote: str = ""
) -> str:
    """A clause in its section: the heading path, then the neighbouring clauses in reading order,
    the focused one marked (and its quoted span highlighted)."""
    if not section:
        return "<div>找不到这条条款（索引可能已更新）。</div>"
    path = " › ".join(section[0].path) or "文件开头"
    rows = [f'<div class="pq-context-title">{_e(source_label(doc_title, doc_number, ""))} · {_e(path)}</div>']
    for clause in section:
        focused = clause.clause_id == focus_id
        body = highlight(clause.text, quote) if focused else _e(clause.text).replace("\n", "<br>")
        css = "pq-clause pq-focus" if focused else "pq-clause"
        rows.append(_clause_block(f'<span class="pq-loc">{_e(clause.locator)}</span>', body, css))
    return "\n".join(rows)

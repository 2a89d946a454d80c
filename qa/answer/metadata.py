"""Questions about a document itself — its 文号, when it was issued or amended, who issued it —
are answered from the lines of its header (文件头 / 前言) that state them, cited to the header.

A question asks for a field when it names it (文号, 签发人) or pairs a question word with an act of issuing
(哪天 + 印发, 哪年 + 改, 哪个机关 + 通过), so "县管校聘什么时候完成" stays a question about a clause.
"""

from __future__ import annotations

import re

from qa.records import Hit

FIELDS = ("addressee", "issuer", "date", "doc_number", "signer", "year", "title")
_ISSUING = r"(?:印发|发布|发的|下发|发下来|发出|出台|通过|签发|制定|公布|修改|修正|改的|名义|定下来|定的|颁布|审议|施行)"
_ASKS = {
    "doc_number": re.compile(r"文号|字号"),
    "date": re.compile(
        rf"(?:哪天|哪一天|什么时候|何时|日期|几月几[号日]|哪年|哪一年|时间).*?{_ISSUING}|{_ISSUING}.*?(?:哪天|哪一天|什么时候|何时|日期|几月几[号日]|哪年|哪一年)"
        rf"|(?:哪份|哪个|哪部|谁)(?:先|最先|更早|早|后|更晚|晚)(?:一些|一点)?{_ISSUING}|{_ISSUING}.{{0,4}}(?:先后|早晚|顺序)"
        r"|哪一?届|第几次会议|哪次会议|哪个会|什么会议"
        # which document is newest; not a content limit (最晚可以推迟到几周岁入学)
        r"|(?:哪|谁)[^，。？?]{0,12}(?:最新|最早|最晚)|(?:最新|最早|最晚)的?(?:是|一份是)?(?:哪|谁)"
    ),
    "issuer": re.compile(
        rf"(?:哪个|哪家|什么|哪些)(?:机关|单位|部门)|发文机关|发文单位|谁.{{0,3}}{_ISSUING}|以谁"
    ),
    "signer": re.compile(r"签发人|谁签(?:发|的)"),
    # 主送: who a notice is sent to
    "addressee": re.compile(
        r"主送|(?:发|下发|印发|送|下达|发送)给(?:了)?(?:哪些|哪几|哪个|谁|什么)|发到(?:了)?哪|(?:发给|下发给|印发给).{0,6}(?:单位|部门|学校)"
    ),
    "year": re.compile(r"(?:哪一年|哪年|几几年|什么年份|哪个年份|哪年度)的"),
    "title": re.compile(
        r"标题|全称|题目|文件名|(?:名称|名字)(?:是|叫)|叫什么(?:名字)?$|叫什么(?:名字)?[？?]"
    ),
}
_STATES = {
    "doc_number": re.compile(r"[〔\[［(（]\d{4}[〕\]］)）]\d{1,4}号"),
    "date": re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}-\d{1,2}-\d{1,2}"),
    "issuer": re.compile(r"(?:教育局|教体局|人民政府|委员会|领导小组|党委|教育厅|国务院|中共中央)"),
    "signer": re.compile(r"签发人\s*[:：]\s*\S"),
    "addressee": re.compile(r"^(?:各|市|区|县|局|省).{2,80}[:：]$"),
    "year": re.compile(r"(?:19|20)\d{2}\s*年"),
    "title": re.compile(r"^(?:.{0,20}关于.{4,}|.{2,40}(?:条例|要点|意见|通知|规划|方案|办法|计划))$"),
}
HEADER_KINDS = ("header", "preamble")
_LABELLED_ISSUER = re.compile(r"^(?:发文机关|发文单位)\s*[:：]?\s*\S")
# the question is about a document: it names one by its kind or its 文号
_DOCUMENT = re.compile(
    r"份|文件|要点|规划|条例|意见|通知|方案|计划|办法|法规(?!定)|[部个这]法|的法(?=[，,。？?]|$)|[〔\[［(（]\d{4}[〕\]］)）]"
)


def asked_fields(question: str) -> tuple[str, ...]:
    if not _DOCUMENT.search(question):
        return ()
    fields = [field for field in FIELDS if _ASKS[field].search(question)]
    if "addressee" in fields and "issuer" in fields:  # "下发给了哪些单位": whom to, not who from
        fields.remove("issuer")
    return tuple(fields)


def stating_lines(text: str, field: str) -> list[str]:
    """The header's lines that state a field, the surest first: for the issuer, a portal's
    labelled field (发文机关：) or the red header (X文件) before any line naming a bureau. A
    header that prints no date states at least its year (惠济区教育局2023年工作要点)."""
    lines = [line.strip() for line in text.splitlines() if line.strip() and _STATES[field].search(line)]
    if field == "date" and not lines:
        return stating_lines(text, "year")
    if field == "issuer":  # the document's own words (X文件, X关于…) and a portal's field first
        lines.sort(
            key=lambda line: (
                0 if line.endswith("文件") or "关于" in line else 1 if _LABELLED_ISSUER.match(line) else 2
            )
        )
    return lines


def header_for(question: str, fields: tuple[str, ...], hits: list[Hit]) -> Hit | None:
    """The header (or preamble) that states one of the asked fields, of the document the question
    is about: the best-ranked hit's, and the one whose 文号 the question quotes, if it quotes one.
    Another document's header never answers (its date is not this document's date)."""
    if not hits:
        return None
    quoted = _STATES["doc_number"].search(question)
    for hit in hits:
        if hit.kind not in HEADER_KINDS or hit.doc_id != hits[0].doc_id:
            continue
        if quoted and quoted.group() not in hit.text:
            continue
        if any(stating_lines(hit.text, field) for field in fields):
            return hit
    return None

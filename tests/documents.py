"""A small user document, as a .docx made in memory: what the upload tests and the library
benchmark send (the same text, so their figures describe the same work)."""

from __future__ import annotations

import io

SCHOOL_SAFETY_PLAN = [
    "青山区教育局2023年校园安全工作方案",
    "一、总体要求",
    "1.全区中小学每学期开展消防疏散演练不少于2次。",
    "2.学校食堂实行校长陪餐制度，每天至少一名校领导陪餐。",
    "二、保障措施",
    "3.区财政安排校园安全专项经费300万元。",
]


def docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

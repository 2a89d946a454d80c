"""What the page says when the application refuses something, by what was being done and the
error's kind (qa/errors.py): never by the error's text, which is English and meant for logs."""

from __future__ import annotations

from qa.config import Settings
from qa.errors import PolicyQAError

ASK, UPLOAD, REMOVE, READ, SYNONYMS = "ask", "upload", "remove", "read", "synonyms"

MESSAGES: dict[str, dict[str, str]] = {
    ASK: {
        "invalid": "这个问题无法处理，请换个说法重新输入。",
        "too_large": "问题太长了，请控制在 {question_chars} 字以内，一次只问一件事效果最好。",
        "not_found": "所选的文件已不在文件库中，请重新选择检索范围。",
        "conflict": "文件库正在更新，请稍后再问。",
        "unavailable": "暂时无法回答：索引或所选的回答方式现在不可用，请稍后再试。",
        "empty": "文件库里还没有文件：请先在“文件库”上传政策文件，再来提问。",
    },
    UPLOAD: {
        "invalid": "无法读取：文件是空的、格式不支持或内容无法解析（支持 .txt、.md、.docx、.pdf）。",
        "too_large": "文件太大：单个文件不能超过 {upload_mb} MB，且不超过 {document_clauses} 条条款。",
        "not_found": "文件已不在上传区，请重新选择文件。",
        "conflict": "文件库里已有这份文件（内容相同或编号相同）。要更新它，请勾选“替换同编号的文件”，或先删除旧文件。",
        "unavailable": "文件库暂时不能修改（可能有另一项导入正在进行），请稍后再试。",
        "empty": "文件库暂时不能修改，请稍后再试。",
    },
    REMOVE: {
        "invalid": "无法删除这份文件。",
        "too_large": "无法删除这份文件。",
        "not_found": "文件库中已没有这份文件（可能刚被删除），列表已刷新。",
        "conflict": "文件库正在更新，请稍后再删除。",
        "unavailable": "文件库暂时不能修改（可能有另一项导入正在进行），请稍后再试。",
        "empty": "文件库里还没有文件。",
    },
    READ: {
        "invalid": "无法打开。",
        "too_large": "无法打开。",
        "not_found": "找不到这份文件或条款（文件库可能已更新），请刷新后重试。",
        "conflict": "文件库正在更新，请稍后再试。",
        "unavailable": "索引暂时不可用，请稍后再试。",
        "empty": "文件库里还没有文件：请先在“文件库”上传。",
    },
    SYNONYMS: {  # reading or changing the taught words (a bad pair says its own reason: .chinese)
        "invalid": "同义词文件（数据目录下的 synonyms.json）已损坏，无法读取；内置同义词照常使用。请管理员修复或删除该文件。",
        "too_large": "同义词太多，无法保存。",
        "not_found": "这个俗称已不在自定义同义词中（可能刚被删除），列表已刷新。",
        "conflict": "同义词正在被修改，请稍后再试。",
        "unavailable": "同义词文件（数据目录下的 synonyms.json）已损坏或无法读取；内置同义词照常使用。请管理员修复或删除该文件。",
        "empty": "同义词暂时无法读取，请稍后再试。",
    },
}
UNEXPECTED = "内部错误，请稍后重试。"
NOT_SIGNED_IN = "请先登录，登录后才能修改文件库。"
SLOW_GENERATOR_HINT = "若选了大模型，可以改用“摘录原文”。"


def error_message(action: str, error: PolicyQAError, settings: Settings) -> str:
    """The Chinese message for `error` while doing `action` (ask, upload, remove, read, synonyms)."""
    template = MESSAGES[action].get(error.kind, UNEXPECTED)
    return template.format(
        question_chars=settings.max_question_chars,
        upload_mb=f"{settings.max_upload_bytes / 1_000_000:g}",
        document_clauses=f"{settings.max_document_clauses:,}",
    )

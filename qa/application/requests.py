"""What a surface asks the application for: typed, validated by the application, not the surface."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class AskRequest:
    """A question, optionally narrowed to documents, places or years, and the conversation so far."""

    question: str
    top_k: int | None = None
    doc_ids: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    generator: str | None = None  # None: the configured default
    history: tuple[str, ...] = ()  # earlier questions of the conversation, oldest first
    cited: tuple[str, ...] | None = None  # the clause ids the previous answer cited, when known
    verify: bool = False  # ask the second reader whether the cited clauses state what is asked


@dataclass(frozen=True)
class SearchRequest:
    question: str
    top_k: int | None = None
    doc_ids: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    scoped: bool = True  # narrow to the places, years and documents the question names


@dataclass(frozen=True)
class Upload:
    """A document file sent by a person (REST, the chat's 文件库): its name, its bytes, and the
    metadata they corrected or gave (doc_id, title, 文号 …; the rest is inferred from the text)."""

    name: str
    data: bytes = field(repr=False)
    metadata: dict[str, str | int] = field(default_factory=dict)

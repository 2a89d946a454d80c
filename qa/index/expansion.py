"""Document expansion: for each clause, questions a member of the public might ask that the clause
answers, in everyday words, written by the bundled local model (doc2query).

They are indexed as extra text that points to their clause (search finds the clause by them),
never quoted or cited. One file per document holds them, with what made them (the model's sha256,
the prompt, this module's version) and, per clause, a key of the text they were written from: a
clause whose text changed no longer matches its questions and is searched without them.

The built-in corpus keeps its files in the repo (corpus/expansions/), so a fresh index needs no
model run; a user's upload gets its file in the data dir, written in the background after it is
indexed (qa.application.expansion).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from qa.records import Clause, Document

EXPANSION_VERSION = 1
QUESTIONS_PER_CLAUSE = 3
# What a question is written for: units that state content. A heading only names a part and the
# header is the document's own metadata (answered from the catalog, not by search).
EXPANDED_KINDS = frozenset(
    {"preamble", "section", "clause", "article", "paragraph", "bullet", "box", "table"}
)
PROMPT_CLAUSE_CHARS = 700  # the model's window is 2048 tokens; long clauses are cut, not skipped
MAX_QUESTION_CHARS = 40

SYSTEM_PROMPT = (
    "你熟悉普通家长、学生和基层老师说话的方式：他们提问时用大白话，"
    "不会使用政府公文里的专业术语和口号。\n"
    "任务：读一段教育政策条文，写出{count}个普通群众可能会问、而这段条文能够回答的问题。\n"
    "要求：\n"
    "1. 用大白话，换掉条文里的公文用语（如“义务教育阶段学生”说成“上小学初中的孩子”）；\n"
    "2. 问题要具体，问条文里说到的具体事情（多少、什么时候、谁、怎么做），不要问“政策是什么”这类笼统问题；\n"
    "3. 每个问题不超过30个字，每行一个，只输出问题。\n\n"
    "示例条文：统一规范中小学校服采购，家长自愿购买，学校不得强制。\n"
    "示例问题：\n"
    "学校能强制我们买校服吗？\n"
    "孩子的校服必须在学校买吗？\n"
    "校服是谁来定、怎么买的？"
)
USER_PROMPT = "位置：{path}\n条文：{text}\n\n请写出{count}个问题："


def prompt_text() -> str:
    """The whole prompt as kept beside the questions (what made them)."""
    return SYSTEM_PROMPT + "\n---\n" + USER_PROMPT


def clause_key(clause: Clause, doc_title: str) -> str:
    """Changes when what the questions were written from changes."""
    source = "\n".join([doc_title, *clause.path, clause.text])
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


def expandable(document: Document) -> list[Clause]:
    return [c for c in document.clauses if c.kind in EXPANDED_KINDS and c.text.strip()]


def build_messages(clause: Clause, doc_title: str, count: int = QUESTIONS_PER_CLAUSE) -> list[dict]:
    text = (
        clause.text if len(clause.text) <= PROMPT_CLAUSE_CHARS else clause.text[:PROMPT_CLAUSE_CHARS] + "……"
    )
    # The document's title is left out: the model put it in every question ("邯郸市教育局…"),
    # and every question of a document would then match any question naming its city.
    user = USER_PROMPT.format(path=" > ".join(clause.path) or "（无）", text=text, count=count)
    # the instructions come first and never change, so the model's prompt cache keeps them
    system = SYSTEM_PROMPT.format(count=count)
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


_NUMBERING = re.compile(r"^\s*(?:[-*•·]|\(?\d{1,2}[.、)）:：]|（\d{1,2}）|问题?\d*[:：])\s*")


def parse_questions(reply: str, count: int = QUESTIONS_PER_CLAUSE) -> list[str]:
    """The questions of a reply: one per line, numbering and quotes stripped, duplicates and lines
    that are not questions (too short, too long, an explanation) left out."""
    found: list[str] = []
    for line in reply.splitlines():
        text = _NUMBERING.sub("", line).strip().strip("\"'“”「」*").strip()
        text = text.replace("?", "？")
        if not (4 <= len(text) <= MAX_QUESTION_CHARS) or text in found:
            continue
        if not text.endswith("？") and not re.search(r"[吗呢么啥几谁哪怎多]", text):
            continue
        found.append(text)
    return found[:count]


@dataclass
class ExpansionSet:
    """One document's questions, by clause id, with what made them."""

    doc_id: str
    model_sha256: str
    prompt: str = field(default_factory=prompt_text)
    version: int = EXPANSION_VERSION
    keys: dict[str, str] = field(default_factory=dict)  # clause_id → clause_key
    questions: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def add(self, clause: Clause, doc_title: str, questions: Iterable[str]) -> None:
        self.keys[clause.clause_id] = clause_key(clause, doc_title)
        self.questions[clause.clause_id] = tuple(questions)

    def current(self, clause: Clause, doc_title: str) -> bool:
        """Whether this clause has questions written from its present text."""
        return self.keys.get(clause.clause_id) == clause_key(clause, doc_title)

    def for_document(self, document: Document) -> dict[str, tuple[str, ...]]:
        """The questions that still match the document's clauses, by clause id."""
        title = document.meta.title
        return {
            c.clause_id: self.questions[c.clause_id]
            for c in document.clauses
            if self.current(c, title) and self.questions.get(c.clause_id)
        }

    # -- the file ---------------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """JSON lines: a header, then one line per clause. Written whole, then renamed (atomic)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        header = {
            "doc_id": self.doc_id,
            "model_sha256": self.model_sha256,
            "version": self.version,
            "prompt": self.prompt,
        }
        lines = [json.dumps(header, ensure_ascii=False)]
        for clause_id, questions in self.questions.items():
            row = {"clause_id": clause_id, "key": self.keys[clause_id], "questions": list(questions)}
            lines.append(json.dumps(row, ensure_ascii=False))
        handle, temporary = tempfile.mkstemp(prefix=".expansion-", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write("\n".join(lines) + "\n")
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path) -> ExpansionSet:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        if not lines:
            raise ValueError(f"{path}: empty")
        header = json.loads(lines[0])
        loaded = cls(header["doc_id"], header["model_sha256"], header["prompt"], int(header["version"]))
        for line in lines[1:]:
            row = json.loads(line)
            loaded.keys[row["clause_id"]] = row["key"]
            loaded.questions[row["clause_id"]] = tuple(str(q) for q in row["questions"])
        return loaded


def expansion_path(folder: Path, doc_id: str) -> Path:
    return folder / f"{doc_id}.jsonl"


class QuestionWriter:
    """Writes a document's questions with a chat function (the local model's `chat`)."""

    def __init__(self, chat: Callable[[list[dict]], str], model_sha256: str):
        self.chat = chat
        self.model_sha256 = model_sha256

    def run(
        self,
        document: Document,
        previous: ExpansionSet | None = None,
        progress: Callable[[int, int], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
        on_written: Callable[[ExpansionSet], None] | None = None,
    ) -> ExpansionSet:
        """Questions for every expandable clause; those in `previous` that still match its text
        (same model, prompt and version) are kept rather than written again. `on_written` gets
        the questions so far after each clause the model wrote (to keep them as they come);
        `should_stop`, asked before each clause, ends the run with the questions so far."""
        header = ExpansionSet(document.doc_id, self.model_sha256)
        reusable = (
            previous
            if previous
            and (previous.model_sha256, previous.prompt, previous.version)
            == (header.model_sha256, header.prompt, header.version)
            else None
        )
        clauses = expandable(document)
        title = document.meta.title
        fresh: dict[str, tuple[str, ...]] = {}

        def so_far() -> ExpansionSet:
            # with the reusable ones not reached yet, so questions kept midway lose none of them
            result = ExpansionSet(document.doc_id, self.model_sha256)
            for clause in clauses:
                if clause.clause_id in fresh:
                    result.add(clause, title, fresh[clause.clause_id])
                elif reusable and reusable.current(clause, title):
                    result.add(clause, title, reusable.questions.get(clause.clause_id, ()))
            return result

        for done, clause in enumerate(clauses, start=1):
            if should_stop and should_stop():
                break
            if not (reusable and reusable.current(clause, title)):
                fresh[clause.clause_id] = tuple(parse_questions(self.chat(build_messages(clause, title))))
                if on_written:
                    on_written(so_far())
            if progress:
                progress(done, len(clauses))
        return so_far()

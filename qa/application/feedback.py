"""Staff feedback on answers, appended to a local JSONL file (one object per line, never rewritten).
A line a crash cut short (kill -9 mid-append) or a hand edit broke is skipped, never fatal."""

from __future__ import annotations

import json
import logging
import os
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path

from qa.records import Answer

log = logging.getLogger("policyqa.feedback")


def _entry(line: str) -> dict | None:
    """A line's entry, or None for one that is not (cut short, or not an object with an id)."""
    try:
        entry = json.loads(line)
    except ValueError:
        return None
    return entry if isinstance(entry, dict) and isinstance(entry.get("id"), str) else None


class FeedbackLog:
    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()  # gradio runs handlers in threads: one line at a time

    def record(
        self,
        answer: Answer,
        useful: bool,
        comment: str = "",
        asked: str | None = None,
        amends: str | None = None,
    ) -> dict:
        """Append one entry; `amends`: the id of the 赞/踩 this comment adds to (the log is never
        rewritten, so a later comment is a line pointing at its verdict)."""
        entry = {
            "id": uuid.uuid4().hex[:12],
            "amends": amends,
            "time": datetime.now(UTC).isoformat(timespec="seconds"),
            "useful": useful,
            "comment": comment.strip(),
            "question": answer.question,
            "asked": asked or answer.resolved_question or answer.question,
            "answer": answer.answer,
            "refused": answer.refused,
            "generator": answer.generator,
            "citations": [c.to_dict() for c in answer.citations],
        }
        line = json.dumps(entry, ensure_ascii=False)
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a+b") as file:  # appends wherever it was read
                if file.seek(0, os.SEEK_END):
                    file.seek(-1, os.SEEK_END)
                    if file.read(1) != b"\n":  # cut short by a crash: end it, or this line is lost too
                        line = "\n" + line
                file.write((line + "\n").encode("utf-8"))
        return entry

    def read(self) -> list[dict]:
        if not self.path.exists():
            return []
        lines = self.path.read_text(encoding="utf-8", errors="replace").splitlines()
        entries = [_entry(line) for line in lines if line.strip()]
        if None in entries:
            log.warning("%s: %d unreadable lines skipped", self.path, entries.count(None))
        return [entry for entry in entries if entry is not None]

    def verdicts(self) -> list[dict]:
        """One entry per 赞/踩, with the comments that amend it joined into its `comment`."""
        entries = [
            {**e, "comment": e.get("comment") if isinstance(e.get("comment"), str) else ""}
            for e in self.read()
        ]
        merged = {e["id"]: {"question": "", "time": "", **e} for e in entries if not e.get("amends")}
        for entry in entries:
            target = merged.get(entry.get("amends") or "")
            if target is not None and entry["comment"]:
                target["comment"] = "\n".join(filter(None, [target["comment"], entry["comment"]]))
        return list(merged.values())

"""Staff feedback on answers, appended to a local JSONL file (one object per line, never rewritten)."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path

from qa.records import Answer


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
            with self.path.open("a", encoding="utf-8") as file:
                file.write(line + "\n")
        return entry

    def read(self) -> list[dict]:
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines() if line]

    def verdicts(self) -> list[dict]:
        """One entry per 赞/踩, with the comments that amend it joined into its `comment`."""
        entries = self.read()
        merged = {e["id"]: dict(e) for e in entries if not e.get("amends")}
        for entry in entries:
            target = merged.get(entry.get("amends") or "")
            if target is not None and entry["comment"]:
                target["comment"] = "\n".join(filter(None, [target["comment"], entry["comment"]]))
        return list(merged.values())

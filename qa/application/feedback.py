"""Staff feedback on answers, appended to a local JSONL file (one object per line, never rewritten)."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path

from qa.records import Answer


class FeedbackLog:
    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()  # gradio runs handlers in threads: one line at a time

    def record(self, answer: Answer, useful: bool, comment: str = "", asked: str | None = None) -> dict:
        entry = {
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

"""The vocabulary staff teach: 俗称 → 规范用语 pairs kept in <data_dir>/synonyms.json, checked
before they are kept, and handed to the tokenizer's table (qa.retrieval.tokenizer) so the running
process searches with them at once. The built-in table (qa/resources/synonyms.txt) stays as it is."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import tempfile
import threading
import time
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from qa.application.views import SynonymPair
from qa.errors import DamagedFileError, VocabularyError, excerpt
from qa.retrieval import tokenizer

log = logging.getLogger("policyqa.vocabulary")

MAX_PAIRS = 500
MAX_POLICY_WORDS = 10
MAX_WORD_CHARS = 20
WORD = re.compile(rf"[^\W_]{{1,{MAX_WORD_CHARS}}}")  # letters (CJK too) and digits, nothing else
TEMP_PREFIX = ".synonyms-"  # a save's temp file, renamed over the kept one when written whole
STALE_SECONDS = 60.0  # a save takes milliseconds: an older temp file is one a crash left behind


def searched_form(word: str) -> str:
    """A word as search sees it, and as it is kept: search lowercases the question's tokens and
    reads documents with full-width letters made half-width, so a word kept otherwise (ＡＩ, AI)
    would never match. Compare taught words in this form (ABC and ＡＢＣ are one word)."""
    return unicodedata.normalize("NFKC", word).strip().lower()


def _check_word(word: object, where: str) -> str:
    """The word in its searched form, or VocabularyError quoting it (short: it may be huge)."""
    text = searched_form(word) if isinstance(word, str) else ""
    if not WORD.fullmatch(text):
        shown = excerpt(str(word), 30)
        raise VocabularyError(
            f"{where}: {shown!r} must be 1-{MAX_WORD_CHARS} letters or digits (no spaces or punctuation)",
            f"{where}“{shown}”须为 1–{MAX_WORD_CHARS} 个汉字、字母或数字（不含空格和标点）",
        )
    return text


def validate(pairs: Iterable[SynonymPair]) -> tuple[SynonymPair, ...]:
    """The pairs as they will be kept, or VocabularyError (kind invalid: 422) naming the first fault."""
    checked: list[SynonymPair] = []
    seen: set[str] = set()
    for pair in pairs:
        if len(checked) == MAX_PAIRS:
            raise VocabularyError(f"at most {MAX_PAIRS} pairs", f"最多 {MAX_PAIRS} 组同义词")
        word = _check_word(pair.word, "word")
        policy = tuple(dict.fromkeys(_check_word(p, "policy word") for p in pair.policy))
        if not policy:
            raise VocabularyError(f"'{word}' has no policy words", f"“{word}”没有填写规范用语")
        if len(policy) > MAX_POLICY_WORDS:
            raise VocabularyError(
                f"'{word}' has more than {MAX_POLICY_WORDS} policy words",
                f"“{word}”的规范用语超过 {MAX_POLICY_WORDS} 个",
            )
        if word in policy:
            raise VocabularyError(f"'{word}' is mapped to itself", f"“{word}”不能对应它自己")
        if word in seen:
            raise VocabularyError(f"'{word}' is given twice", f"“{word}”出现了两次")
        seen.add(word)
        checked.append(SynonymPair(word, policy))
    return tuple(checked)


def _parse(text: str) -> Iterator[SynonymPair]:
    """The pairs of a kept file's text, as they are (validate checks them); ValueError when its
    shape is not `{"custom": [{"word": str, "policy": [str, ...]}, ...]}`."""
    data = json.loads(text)
    pairs = data.get("custom", []) if isinstance(data, dict) else None
    if not isinstance(pairs, list):
        raise ValueError('not {"custom": [...]}')
    for n, pair in enumerate(pairs, 1):
        # a string policy would otherwise be taken letter by letter
        if not isinstance(pair, dict) or not isinstance(pair.get("policy"), list):
            raise ValueError(f'pair {n} is not {{"word": ..., "policy": [...]}}')
        yield SynonymPair(pair.get("word"), tuple(pair["policy"]))


class Vocabulary:
    """The taught pairs on disk; `load()` and `save()` also make them the tokenizer's."""

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()  # one save at a time (the chat and the API may both write)

    def _read(self) -> tuple[SynonymPair, ...]:
        """The kept pairs, or DamagedFileError naming the file and its fault (a save replaces it)."""
        if not self.path.exists():
            return ()
        try:
            return validate(_parse(self.path.read_text(encoding="utf-8")))
        except (OSError, ValueError, VocabularyError) as error:  # UnicodeDecodeError is a ValueError
            raise DamagedFileError(
                f"{self.path} cannot be read ({error}); answers use the built-in synonyms only until "
                "the taught pairs are saved again (PUT /v1/synonyms, or 保存同义词 in the chat)",
                f"同义词文件 {self.path} 已损坏，暂时只用内置同义词；重新保存同义词即可修复",
            ) from None

    def load(self) -> tuple[SynonymPair, ...]:
        """Apply the kept pairs. A file edited by hand into something unreadable must not stop
        the service from starting: it is logged and searched without (the next save replaces it)."""
        self._remove_stale_temps()
        try:
            pairs = self._read()
        except DamagedFileError as error:
            log.error("%s", error)
            pairs = ()
        tokenizer.set_custom_synonyms({p.word: p.policy for p in pairs})
        return pairs

    def _remove_stale_temps(self) -> None:
        """Temp files of saves whose process died mid-write (kill -9). A recent one is left: another
        process (the chat beside the API) may be saving now."""
        cutoff = time.time() - STALE_SECONDS
        for temp in self.path.parent.glob(f"{TEMP_PREFIX}*.json"):
            with contextlib.suppress(OSError):  # gone already, or not ours to remove
                if temp.stat().st_mtime < cutoff:
                    temp.unlink()

    def custom(self) -> tuple[SynonymPair, ...]:
        """The kept pairs; DamagedFileError (kind unavailable) when the file cannot be read."""
        return self._read()

    def save(self, pairs: Iterable[SynonymPair]) -> tuple[SynonymPair, ...]:
        """Check, keep (a temp file renamed over the old one: never half written) and apply."""
        checked = validate(pairs)
        text = json.dumps({"custom": [p.to_dict() for p in checked]}, ensure_ascii=False, indent=1)
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._remove_stale_temps()
            fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".json", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as file:
                    file.write(text)
                os.replace(temp, self.path)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
            tokenizer.set_custom_synonyms({p.word: p.policy for p in checked})
        return checked


def builtin_pairs() -> tuple[SynonymPair, ...]:
    return tuple(SynonymPair(word, policy) for word, policy in tokenizer.builtin_synonyms().items())

"""Chinese tokens for BM25: jieba (search mode) with a user dictionary of policy terms, so that
双减, 课后服务 or 县管校聘 stay whole, minus punctuation and question words that match everything."""

from __future__ import annotations

import hashlib
import logging
import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path

DEFAULT_USERDICT = Path(str(resources.files("qa.resources") / "userdict.txt"))

STOPWORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "等",
        "在",
        "是",
        "对",
        "为",
        "把",
        "将",
        "被",
        "有",
        "要",
        "以",
        "之",
        "其",
        "中",
        "上",
        "下",
        "这",
        "那",
        "个",
        "也",
        "都",
        "就",
        "并",
        "而",
        "从",
        "向",
        "于",
        "由",
        "什么",
        "哪些",
        "哪个",
        "多少",
        "怎么",
        "怎样",
        "如何",
        "吗",
        "呢",
        "吧",
        "啊",
        "请问",
        "是否",
        "是不是",
        "有没有",
        "一下",
        "具体",
        "我们",
        "你们",
        "他们",
        "今年",
        "哪里",
        "几",
        "哪",
        "些",
        "还",
        "呀",
        "么",
    ]
)


class JiebaTokenizer:
    """A private jieba instance (the global one is left alone) with the policy user dictionary."""

    def __init__(self, userdict: Path = DEFAULT_USERDICT):
        import jieba

        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        self._lock = threading.Lock()
        self._ready = False
        self.userdict = userdict
        content = userdict.read_bytes() if userdict.exists() else b""
        # Stored tokens are only valid for the dictionary and stopwords that produced them.
        self.fingerprint = hashlib.sha256(content + " ".join(sorted(STOPWORDS)).encode()).hexdigest()[:16]

    def _initialize(self) -> None:
        with self._lock:
            if not self._ready:
                self._jieba.initialize()
                if self.userdict.exists():
                    self._jieba.load_userdict(str(self.userdict))
                self._ready = True

    def __call__(self, text: str) -> list[str]:
        if not self._ready:
            self._initialize()
        tokens = []
        for token in self._jieba.lcut_for_search(text.lower()):
            token = token.strip()
            if token and token not in STOPWORDS and any(c.isalnum() for c in token):
                tokens.append(token)
        return tokens


@lru_cache(maxsize=2)
def get_tokenizer(userdict: Path = DEFAULT_USERDICT) -> JiebaTokenizer:
    return JiebaTokenizer(userdict)


SYNONYMS_FILE = Path(str(resources.files("qa.resources") / "synonyms.txt"))


@lru_cache(maxsize=1)
def synonyms() -> dict[str, tuple[str, ...]]:
    """Everyday word -> the policy words for it (qa/resources/synonyms.txt)."""
    table: dict[str, tuple[str, ...]] = {}
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        words = line.split()
        if len(words) >= 2 and not line.startswith("#"):
            table[words[0]] = tuple(words[1:])
    return table


def expand(tokens: list[str]) -> list[str]:
    """The tokens plus the policy words for everyday ones (for BM25 queries)."""
    table = synonyms()
    extra = [alt for token in tokens for alt in table.get(token, ()) if alt not in tokens]
    return tokens + list(dict.fromkeys(extra))

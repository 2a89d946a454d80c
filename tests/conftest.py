"""Shared fixtures. The built-in corpus is parsed once per session, and indexed with the real
embedding model at most once per session (tests that need it are marked slow)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from qa.config import Settings, go_offline

# Tests never reach a model hub or phone home, and never touch the developer's data/ folder.
go_offline()
os.environ["POLICYQA_DATA_DIR"] = tempfile.mkdtemp(prefix="policyqa-test-data-")
os.environ.pop("POLICYQA_CHROMA_URL", None)
# Uploads in tests get no everyday questions from the real model in the background (seconds per
# clause on a CPU); the tests of expansion turn it on with a canned writer.
os.environ["POLICYQA_EXPAND_UPLOADS"] = "0"

from qa.corpus.loader import document_files, load_documents  # noqa: E402
from qa.index.ingest import Ingestor  # noqa: E402
from qa.index.store import ClauseStore, connect  # noqa: E402
from qa.records import Document  # noqa: E402
from qa.retrieval.tokenizer import get_tokenizer  # noqa: E402
from tests.fakes import FakeEmbedder  # noqa: E402


@pytest.fixture(scope="session")
def corpus() -> dict[str, Document]:
    root = Settings().corpus_dir
    return {d.doc_id: d for d in load_documents(document_files([root]), root=root)}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.from_env(data_dir=tmp_path / "data")


@pytest.fixture
def store(settings: Settings) -> ClauseStore:
    return ClauseStore(connect(settings), settings.corpus_name, "fake-embedder")


def make_ingestor(store: ClauseStore, embedder=None) -> Ingestor:
    tokenizer = get_tokenizer()
    return Ingestor(store, embedder or FakeEmbedder(), tokenizer, tokenizer.fingerprint)


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory) -> Settings:
    """The built-in corpus indexed with the real bundled model (m3e-small), once per session,
    through the facade as `policyqa ingest` does."""
    from qa.application import PolicyQA

    # The chat's check (seconds per answer with the local model) is off here; the tests of the
    # check turn it on where they need it.
    settings = Settings.from_env(data_dir=tmp_path_factory.mktemp("real-index"), chat_verify=False)
    PolicyQA(settings).ingest(list(_corpus_documents()))
    return settings


@pytest.fixture(scope="session")
def evaluation_settings(tmp_path_factory) -> Settings:
    """The evaluation index (the built-in corpus and eval/data/docs/, real model), once per session;
    `policyqa eval --data-dir <its data_dir.parent>` finds it built."""
    from qa.evaluation.corpus import build_index

    return build_index(Settings.from_env(data_dir=tmp_path_factory.mktemp("evaluation")))


@pytest.fixture(scope="session")
def evaluation_service(evaluation_settings: Settings):
    from qa.answer.service import AnswerService

    return AnswerService(evaluation_settings)


# four regulations of three genres of anatomy (a national law, a State Council regulation, two
# local 条例), indexed with the real model: enumerations, penalties and values as regulations write them
REGULATION_SAMPLE = (
    "national-education-law",
    "state-council-school-bus-safety-regulation",
    "qingdao-preschool-regulation",
    "shenzhen-preschool-regulation",
    "state-council-school-health-regulation",  # its penalties are a 奖励与处罚 chapter
    "national-family-education-promotion-law",  # its people are 父母 and 未成年人, not 家长 and 孩子
    "national-degree-law",  # its enumerating article ranks below articles that only name its case
    "national-juvenile-delinquency-prevention-law",  # it defines 不良行为 by a list
    "beijing-smoking-control-regulation",  # outside education; its places are listed in one article
    "henan-minors-protection-regulation",  # parents' duties and parents' bans are two lists
)


@pytest.fixture(scope="session")
def regulation_service(tmp_path_factory):
    from qa.answer.service import AnswerService
    from qa.application import PolicyQA
    from qa.config import REPO_ROOT
    from qa.corpus.loader import load_document

    folder = REPO_ROOT / "eval" / "data" / "regulations"
    settings = Settings.from_env(data_dir=tmp_path_factory.mktemp("regulations"), chat_verify=False)
    documents = [load_document(folder / f"{name}.txt", f"{name}.txt") for name in REGULATION_SAMPLE]
    PolicyQA(settings).ingest(documents)
    return AnswerService(settings)


@pytest.fixture(scope="session")
def searcher(real_settings: Settings):
    from qa.retrieval.searcher import Searcher

    return Searcher(real_settings)


def _corpus_documents():
    root = Settings().corpus_dir
    return load_documents(document_files([root]), root=root)


@pytest.fixture(scope="session")
def answer_service(real_settings: Settings, searcher):
    from qa.answer.service import AnswerService

    return AnswerService(real_settings, searcher)


@pytest.fixture(scope="session")
def application(real_settings: Settings, answer_service):
    """The facade every surface uses, over the session's real index (sharing its loaded model)."""
    from qa.application import PolicyQA

    return PolicyQA(real_settings, answer_service)


@pytest.fixture(scope="session")
def evaluation_application(evaluation_settings: Settings, evaluation_service):
    from qa.application import PolicyQA

    return PolicyQA(evaluation_settings, evaluation_service)

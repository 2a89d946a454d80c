"""The document library over REST, driven with httpx (multipart uploads) against a real server
on an empty data dir: the real embedding model, the real embedded Chroma."""

from __future__ import annotations

import httpx
import pytest

from qa.api.app import create_app
from qa.config import Settings
from tests.documents import SCHOOL_SAFETY_PLAN, docx_bytes
from tests.qa.api.server import authorized, serving

pytestmark = [pytest.mark.slow, pytest.mark.integration]

TOKEN = "library-token"
READING = "红河区教育局2023年阅读推广工作要点\n一、阅读活动\n1.每所小学每周安排一节阅读课。\n"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    settings = Settings.from_env(
        data_dir=tmp_path_factory.mktemp("library") / "data",
        api_token=TOKEN,
        default_corpus=False,
        max_upload_bytes=200_000,
    )
    with serving(create_app(settings)) as url:
        yield url, settings


@pytest.fixture(scope="module")
def http(server):
    with authorized(server[0], TOKEN) as client:
        yield client


def index_name(http: httpx.Client) -> str | None:
    health = http.get("/healthz")
    return health.json()["index"] if health.status_code == 200 else None


def test_the_library_routes_want_the_bearer_token(server):
    with httpx.Client(base_url=server[0]) as anonymous:
        assert anonymous.get("/v1/documents").status_code == 401
        files = {"files": ("a.txt", READING.encode(), "text/plain")}
        assert anonymous.post("/v1/documents", files=files).status_code == 401
        assert anonymous.delete("/v1/documents/x").status_code == 401


def test_an_uploaded_docx_is_indexed_listed_read_as_a_tree_and_answered(http, server):
    assert http.get("/v1/documents").json() == []  # an empty library is a list, not an error
    response = http.post(
        "/v1/documents",
        files={
            "files": ("青山区校园安全方案.docx", docx_bytes(SCHOOL_SAFETY_PLAN), "application/octet-stream")
        },
        data={"doc_id": "qingshan-safety", "city": "青山区", "year": "2023"},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["added"] == ["qingshan-safety"] and body["documents"][0]["clauses"] >= 3
    assert body["documents"][0]["title"] == "青山区教育局2023年校园安全工作方案"
    assert (server[1].data_dir / "uploads" / "青山区校园安全方案.docx").is_file()

    detail = http.get("/v1/documents/qingshan-safety").json()
    headings = [node["heading"] for node in detail["tree"] if "heading" in node]
    assert headings == ["一、总体要求", "二、保障措施"]  # the header is a leaf before them
    leaves = [leaf for node in detail["tree"] for leaf in node.get("children", [])]
    assert {leaf["locator"] for leaf in leaves} >= {"一、1.", "一、2.", "二、3."}

    answer = http.post("/v1/answer", json={"question": "学校一学期要搞几次消防演练？"}).json()
    assert not answer["refused"] and "2次" in answer["answer"]
    assert answer["citations"][0]["doc_id"] == "qingshan-safety"


def test_bad_uploads_are_clear_4xx_and_leave_the_index_as_it_was(http):
    before_index, before_docs = index_name(http), http.get("/v1/documents").json()
    plan = docx_bytes(SCHOOL_SAFETY_PLAN)
    cases = [
        ({"files": ("青山区校园安全方案.docx", plan)}, {}, 409, "already in the library"),
        ({"files": ("copy.docx", plan)}, {}, 409, "same text is already indexed"),
        ({"files": ("broken.pdf", b"%PDF-1.4 not really")}, {}, 422, "broken.pdf: not a readable PDF"),
        ({"files": ("tool.exe", b"MZ...")}, {}, 422, "unsupported type"),
        ({"files": ("huge.txt", "一".encode() * 100_000)}, {}, 413, "larger than 200000 bytes"),
        ({"files": ("a.txt", READING.encode())}, {"year": "二〇二三"}, 422, "year"),
    ]
    for files, data, status, message in cases:
        response = http.post("/v1/documents", files=files, data=data)
        assert response.status_code == status, (files, response.text)
        assert set(response.json()) == {"error"} and message in response.json()["error"]["message"]
    two = [
        ("files", ("a.txt", READING.encode())),
        ("files", ("b.txt", "另一份\n1.内容足够长的条款。".encode())),
    ]
    refused = http.post("/v1/documents", files=two, data={"title": "x"})
    assert refused.status_code == 422 and "one file" in refused.json()["error"]["message"]
    assert index_name(http) == before_index and http.get("/v1/documents").json() == before_docs


def test_several_files_at_once_and_replace(http):
    two = [
        ("files", ("红河区阅读推广要点.txt", READING.encode())),
        (
            "files",
            (
                "红河区阅读推广要点-副本说明.md",
                "# 红河区阅读课安排说明\n\n1.阅读课由语文教师负责组织。".encode(),
            ),
        ),
    ]
    response = http.post("/v1/documents", files=two)
    assert response.status_code == 201 and len(response.json()["added"]) == 2
    changed = READING.replace("一节", "两节").encode()
    refused = http.post("/v1/documents", files={"files": ("红河区阅读推广要点.txt", changed)})
    assert refused.status_code == 409
    replaced = http.post(
        "/v1/documents", files={"files": ("红河区阅读推广要点.txt", changed)}, data={"replace": "true"}
    )
    assert replaced.status_code == 201 and replaced.json()["changed"] == ["红河区阅读推广要点"]
    answer = http.post("/v1/answer", json={"question": "红河区小学每周安排几节阅读课？"}).json()
    assert "两节" in answer["answer"]


def test_an_upload_sent_as_file_is_indexed_and_listed_and_sending_none_is_a_clear_422(http):
    before_index, before_docs = index_name(http), http.get("/v1/documents").json()
    nothing = [
        {},
        {"data": {"title": "x"}},
        {"files": {"upload": ("a.txt", READING.encode())}},  # a field name the route does not take
    ]
    for request in nothing:
        response = http.post("/v1/documents", **request)
        assert response.status_code == 422, (request, response.text)
        assert set(response.json()) == {"error"}
        assert "files: Field required" in response.json()["error"]["message"]
    assert index_name(http) == before_index and http.get("/v1/documents").json() == before_docs

    sports = "红河区教育局2023年体育工作要点\n一、体育活动\n1.每所中学每天安排一小时校园体育活动。\n"
    response = http.post(
        "/v1/documents",
        files={"file": ("红河区体育工作要点.txt", sports.encode(), "text/plain")},
        data={"doc_id": "honghe-sports", "year": "2023"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["added"] == ["honghe-sports"]
    listed = {d["doc_id"]: d for d in http.get("/v1/documents").json()}
    assert listed["honghe-sports"]["title"] == "红河区教育局2023年体育工作要点"

    both = [
        ("file", ("红河区劳动教育要点.txt", "红河区劳动教育要点\n1.每周安排一节劳动课。".encode())),
        ("files", ("红河区美育工作要点.txt", "红河区美育工作要点\n1.每所学校组建合唱团。".encode())),
    ]
    response = http.post("/v1/documents", files=both)
    assert response.status_code == 201, response.text
    assert sorted(response.json()["added"]) == ["红河区劳动教育要点", "红河区美育工作要点"]


def test_a_removed_document_is_gone_and_a_second_removal_is_404(http, server):
    assert http.delete("/v1/documents/qingshan-safety").json()["removed"] == ["qingshan-safety"]
    assert not (server[1].data_dir / "uploads" / "青山区校园安全方案.docx").exists()
    assert http.get("/v1/documents/qingshan-safety").status_code == 404
    again = http.delete("/v1/documents/qingshan-safety")
    assert again.status_code == 404 and set(again.json()) == {"error"}
    assert "qingshan-safety" not in {d["doc_id"] for d in http.get("/v1/documents").json()}


def test_the_questions_written_for_an_upload_report_their_progress(tmp_path):
    from qa.application.expansion import Expansions
    from qa.index.expansion import QuestionWriter

    settings = Settings.from_env(
        data_dir=tmp_path / "data", api_token=TOKEN, default_corpus=False, expand_uploads=True
    )
    app = create_app(settings)
    application = app.state.application
    application.expansions = Expansions(
        settings, lambda s: QuestionWriter(lambda messages: "1. 学校每周有读书课吗？", "canned")
    )
    with (
        serving(app) as url,
        authorized(url, TOKEN) as http,
    ):
        assert http.get("/v1/expansions").json() == []
        files = {"files": ("reading.txt", READING.encode(), "text/plain")}
        assert http.post("/v1/documents", files=files, data={"doc_id": "reading"}).status_code == 201
        assert application.expansions.wait(60)
        (progress,) = http.get("/v1/expansions").json()
        assert progress == {"doc_id": "reading", "state": "done", "done": 1, "total": 1, "message": ""}

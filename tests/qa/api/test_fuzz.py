"""Schema-driven fuzzing of every route of the REST and OpenAI-compatible API, with the bearer
token, on the small app (conftest.py: two documents, the fake embedder, its own data dir, so
uploads and removals change only that library). No response may be a 5xx but a 503 (a part that
is not there, as documented), and every error must have the one documented body (ErrorBody).

Two generators, both deterministic: schemathesis, with values valid and invalid for the OpenAPI
schema; and the values schemathesis never sends (lone surrogates, huge strings, control
characters, odd file names, wrong types), put one at a time into every field the schema names of
a request that is otherwise accepted, so that each reaches the code behind the checks. Then odd
bearer tokens, and the data files the service keeps, damaged as a crash or a hand edit leaves them.
Run against the code before issue 26, it reports the 500s of that issue (surrogates in doc_ids,
cities and model, long and NUL file names, surrogate metadata, damaged synonyms.json and
feedback.jsonl, a non-ASCII token)."""

from __future__ import annotations

import copy
import itertools
import json
from collections.abc import Iterator
from urllib.parse import quote

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation.modes import GenerationMode

from qa.api.app import create_app
from qa.api.schemas import ErrorBody
from qa.retrieval import tokenizer
from tests.qa.api.conftest import TOKEN, small_application

pytestmark = pytest.mark.slow

AUTH = {"Authorization": f"Bearer {TOKEN}"}
JSON = {"content-type": "application/json"}
QUESTION = "学校怎么推进双减工作？"  # names no place: a place in the question would set the scope
# A request each operation accepts: the odd values go into it one field at a time. Every route of
# the spec must have one (a new route fails test_every_route_is_fuzzed until it gets one).
ACCEPTED: dict[str, dict] = {
    "GET /healthz": {},
    "GET /v1/generators": {},
    "POST /v1/answer": {"json": {"question": QUESTION}},
    "POST /v1/search": {"json": {"question": QUESTION}},
    "GET /v1/docs": {},
    "GET /v1/clauses/{clause_id}": {"path": {"clause_id": "luoyang-2022-work-points/s5-c29"}},
    "GET /v1/documents": {},
    "POST /v1/documents": {},  # multipart, written byte for byte below
    "GET /v1/expansions": {},
    "GET /v1/documents/{doc_id}": {"path": {"doc_id": "hengyang-2022-work-points"}},
    "DELETE /v1/documents/{doc_id}": {"path": {"doc_id": "no-such-document"}},
    "GET /v1/models": {},
    "POST /v1/chat/completions": {"json": {"messages": [{"role": "user", "content": QUESTION}]}},
    "GET /v1/synonyms": {},
    "PUT /v1/synonyms": {"json": {"custom": [{"word": "欺负", "policy": ["欺凌"]}]}},
}
SURROGATES = ["\ud800", "双减\udfff"]  # JSON allows them; nothing can encode them
ODD_TEXT = [
    *SURROGATES,
    "",
    "\x00",
    "\u202e\ufeff\u200b",
    "a" * 900_000,  # just under the 1 MB request limit
    "关" * 100,  # 300 bytes: over a file name's 255
    "../../etc/passwd",
    "%s%n{0}<script>",
]
WRONG_TYPES = [None, 0, -1, 2**64, 1.5, True, [], {}, ["x"], {"a": "\ud800"}]
ODD_FILE_NAMES = [
    "关" * 100 + ".txt",  # 304 bytes
    "关" * 82 + ".txt",  # 250 bytes: fits, but not with ".partial" added while it is written
    "a" * 5000 + ".txt",
    "\ud800.txt",
    "a\x00b.txt",
    "..",
    ".hidden.txt",
    "no-suffix",
    "dir/../../x.txt",
    "C:\\Users\\x.txt",
    " .txt",
    "",
]
FUZZ = settings(
    max_examples=40,
    derandomize=True,  # the same requests every run: a failure is reproducible
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory):
    application = small_application(tmp_path_factory.mktemp("fuzz") / "data")
    yield create_app(application.settings, application)
    tokenizer.set_custom_synonyms({})  # the taught table is the process's: leave none behind


@pytest.fixture(scope="module")
def http(fuzzed):
    return TestClient(fuzzed, raise_server_exceptions=False, headers=AUTH)


def assert_documented(response, request: str) -> None:
    """No 5xx but a 503 (a part that is not there: here the local model, an OpenAI server, a
    damaged data file), and every error with the one documented body."""
    status = response.status_code
    assert status < 500 or status == 503, f"{request}: {status} {response.text[:300]}"
    if status >= 400:
        error = ErrorBody.model_validate(json.loads(response.content)).error
        assert status != 503 or error.type == "service_unavailable", f"{request}: {response.text[:300]}"


class Faults:
    """Every request that broke the rule, not only the first: one run shows them all."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def check(self, response, request: str) -> None:
        try:
            assert_documented(response, request)
        except AssertionError as error:
            self.found.append(str(error).split("\n")[0][:400])

    def assert_none(self) -> None:
        assert not self.found, f"{len(self.found)} faults:\n" + "\n".join(self.found[:30])


def operations(spec: dict) -> list[tuple[str, str, dict]]:
    return [
        (method.upper(), path, operation)
        for path, methods in spec["paths"].items()
        for method, operation in methods.items()
    ]


def test_every_route_is_fuzzed(fuzzed):
    assert {f"{method} {path}" for method, path, _ in operations(fuzzed.openapi())} == set(ACCEPTED)


# -- schemathesis: values valid and invalid for the schema ---------------------------------------


def schemathesis_test(operation, mode: GenerationMode):
    @given(case=operation.as_strategy(generation_mode=mode))
    @FUZZ
    def fuzz(case):
        assert_documented(case.call(headers=AUTH), f"{operation.label} ({mode}): {case!r}"[:2000])

    return fuzz


def test_no_request_schemathesis_generates_gets_a_5xx(fuzzed):
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzzed)
    faults = Faults()
    for result in schema.get_all_operations():
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                schemathesis_test(result.ok(), mode)()
            except Unsatisfiable:  # nothing to make invalid: GET /healthz takes no input
                assert mode is GenerationMode.NEGATIVE
            except AssertionError as error:  # the smallest failing case hypothesis found
                faults.found.append(str(error).split("\n")[0][:400])
    faults.assert_none()


# -- odd values in every field, one at a time ----------------------------------------------------


def _resolve(schema: dict, spec: dict) -> dict:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def fields(schema: dict, spec: dict, where: tuple = ()) -> Iterator[tuple]:
    """Where a value goes in a body of this schema: every property and array item, through every
    anyOf option, down to the leaves (a list item as index 0)."""
    schema = _resolve(schema, spec)
    for option in schema.get("anyOf") or [schema]:
        option = _resolve(option, spec)
        if option.get("type") == "object":
            for name, child in option.get("properties", {}).items():
                yield from fields(child, spec, (*where, name))
        elif option.get("type") == "array":
            yield from fields(option.get("items", {}), spec, (*where, 0))
        elif option.get("type") != "null":
            yield where


def put(body: object, where: tuple, value: object) -> object:
    """A copy of `body` with `value` at `where`, making the objects and lists on the way (a
    string where a list of content parts goes becomes that list)."""
    body = copy.deepcopy(body)
    node = body
    for key, following in itertools.pairwise(where):
        current = node.get(key) if isinstance(node, dict) else node[key] if key < len(node) else None
        if not isinstance(current, list if isinstance(following, int) else dict):
            current = [] if isinstance(following, int) else {}
            _set(node, key, current)
        node = current
    _set(node, where[-1], value)
    return body


def _set(node: dict | list, key: str | int, value: object) -> None:
    if isinstance(node, list) and key >= len(node):
        node.append(value)
    else:
        node[key] = value


def json_bodies(operation: dict, spec: dict, accepted: dict) -> Iterator[object]:
    """The accepted body with each odd value at each field in turn; bodies that are no object."""
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    for where in dict.fromkeys(fields(schema, spec)):
        for value in [*ODD_TEXT, *WRONG_TYPES]:
            yield put(accepted, where, value)
    yield from ([], "x", 1, None, {**accepted, "\ud800": 1}, {**accepted, "k" * 900_000: 1})


def test_odd_values_in_every_json_field_and_path_parameter_get_a_4xx_never_a_5xx(fuzzed, http):
    spec, faults = fuzzed.openapi(), Faults()
    for method, path, operation in operations(spec):
        accepted = ACCEPTED[f"{method} {path}"]
        if "application/json" in operation.get("requestBody", {}).get("content", {}):
            for body in json_bodies(operation, spec, accepted["json"]):
                # as a client sends them: JSON escapes for the surrogates
                response = http.request(method, path, content=json.dumps(body).encode(), headers=JSON)
                faults.check(response, f"{method} {path} {json.dumps(body)[:300]}")
        for name in (p["name"] for p in operation.get("parameters", []) if p["in"] == "path"):
            for value in [*ODD_TEXT, "0", "-1"]:
                # percent-encoded: an HTTP server decodes a surrogate's bytes to U+FFFD (the app's
                # own check of path parameters is tested in test_errors.py, over raw ASGI); cut to
                # the longest URL a client sends
                encoded = quote(value.encode("utf-8", "surrogatepass"), safe="")[:60_000]
                given_path = {**accepted["path"], name: encoded}
                url = path.format(**given_path)
                faults.check(http.request(method, url), f"{method} {url[:300]}")
    faults.assert_none()


ODD_TOKENS = [
    b"",
    b"Bearer",
    b"Bearer ",
    b"Basic c2VjcmV0",
    b"Bearer \xc3\xa9",
    b"Bearer \x00",
    b"Bearer " + b"t" * 8000,
]


def test_odd_bearer_tokens_on_every_route_get_a_401(fuzzed):
    anonymous, faults = TestClient(fuzzed, raise_server_exceptions=False), Faults()
    for request, accepted in ACCEPTED.items():
        method, path = request.split(" ")
        url = path.format(**accepted.get("path", {}))
        for token in ODD_TOKENS:  # any bytes can arrive in a header (read as latin-1)
            response = anonymous.request(method, url, headers={b"Authorization": token})
            faults.check(response, f"{request} with Authorization: {token[:30]!r}")
            if url != "/healthz" and response.status_code != 401:
                faults.found.append(f"{request} with Authorization: {token[:30]!r}: {response.status_code}")
    faults.assert_none()


# -- uploads: odd file names and odd metadata -----------------------------------------------------


def multipart(
    fields: dict[str, str], file_name: str | None = None, charset: str = "utf-8"
) -> tuple[bytes, dict]:
    """A multipart body written by hand, byte for byte as odd clients send it: a file name or a
    field that is no UTF-8 (a surrogate's bytes), a charset that turns "\\ud800" into one. The
    file is a new document each time (a duplicate would be refused before the code behind)."""
    serial = next(_serial)
    content = f"某区教育局{serial}号工作要点\n1.每周安排一节阅读课。\n".encode()
    file_name = f"fuzz-{serial}.txt" if file_name is None else file_name
    encode = (lambda text: text.encode("unicode_escape")) if charset == "unicode_escape" else _utf8
    name = _utf8(file_name).replace(b'"', b"%22").replace(b"\r", b"%0D").replace(b"\n", b"%0A")
    parts = [b'Content-Disposition: form-data; name="files"; filename="' + name + b'"\r\n\r\n' + content]
    for field, value in fields.items():
        parts.append(f'Content-Disposition: form-data; name="{field}"\r\n\r\n'.encode() + encode(value))
    body = b"".join(b"--fuzz\r\n" + part + b"\r\n" for part in parts) + b"--fuzz--\r\n"
    return body, {"content-type": f"multipart/form-data; boundary=fuzz; charset={charset}"}


_serial = itertools.count()


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def metadata_forms(spec: dict) -> Iterator[dict[str, str]]:
    """The upload's metadata fields with each odd value: the free-text ones (any string) all at
    once, each checked one alone (an accepted upload is indexed: a second or so each)."""
    schema = spec["paths"]["/v1/documents"]["post"]["requestBody"]["content"]["multipart/form-data"]
    properties = _resolve(schema["schema"], spec)["properties"]
    # doc_id is a string the library checks (letters, digits, '_' and '-'): with the others, it
    # would refuse them all before they are read
    free = [name for name, field in properties.items() if name != "doc_id" and _is_free_text(field, spec)]
    checked = [name for name in properties if name not in (*free, "files", "file")]
    for value in [*ODD_TEXT, "-1", "true", "2023-02-30"]:
        yield dict.fromkeys(free, value)
        yield from ({name: value} for name in checked)


def _is_free_text(field: dict, spec: dict) -> bool:
    options = [_resolve(option, spec) for option in field.get("anyOf") or [field]]
    types = {option.get("type") for option in options} - {"null"}
    return types == {"string"} and not any("format" in o or "pattern" in o for o in options)


def test_odd_file_names_and_metadata_get_a_4xx_or_are_kept_never_a_5xx(fuzzed, http):
    faults = Faults()
    for file_name in ODD_FILE_NAMES:
        body, headers = multipart({}, file_name)
        faults.check(http.post("/v1/documents", content=body, headers=headers), repr(file_name)[:300])
    for fields in metadata_forms(fuzzed.openapi()):
        value = next(iter(fields.values()))
        for charset in ("utf-8", "unicode_escape") if value in SURROGATES else ("utf-8",):
            body, headers = multipart(fields, charset=charset)
            response = http.post("/v1/documents", content=body, headers=headers)
            faults.check(response, f"{', '.join(fields)}={value[:100]!r} ({charset})")
    faults.check(http.get("/v1/documents"), "the library after the uploads")
    faults.assert_none()


# -- the data files the service keeps, damaged ----------------------------------------------------

DAMAGED_SYNONYMS = [
    b"",
    b'{"custom": [{"word": "',
    b"[]",
    b'{"custom": [{"word": "x"}]}',
    b"\xff\xfe",
    b"null",
]


def get_every_route(http: TestClient, faults: Faults, state: str) -> None:
    for request in ACCEPTED:
        method, path = request.split(" ")
        if method == "GET" and "{" not in path:
            faults.check(http.get(path), f"{request} with {state}")


def test_damaged_data_files_get_a_503_naming_them_never_a_5xx(fuzzed, http):
    data_dir, faults = fuzzed.state.settings.data_dir, Faults()
    with (data_dir / "feedback.jsonl").open("ab") as file:  # a 踩 cut short by kill -9 mid-append
        file.write(b'{"id": "x", "useful": false, "comment": "\xe6\xac')
    get_every_route(http, faults, "feedback.jsonl cut short")
    for content in DAMAGED_SYNONYMS:
        (data_dir / "synonyms.json").write_bytes(content)
        get_every_route(http, faults, f"synonyms.json {content!r}")
        error = http.get("/v1/synonyms").json()["error"]
        if error["code"] != "damaged_file" or "synonyms.json" not in error["message"]:
            faults.found.append(f"GET /v1/synonyms with synonyms.json {content!r}: {error}")
    faults.assert_none()
    repaired = http.put("/v1/synonyms", json=ACCEPTED["PUT /v1/synonyms"]["json"])
    assert repaired.status_code == 200 and http.get("/v1/synonyms").status_code == 200

"""Uploaded files as the library reads and keeps them: any name a person's file can have is
either kept under a name the file system takes, or refused as invalid input (never an OSError)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.application import Upload
from qa.application.library import Library
from qa.config import Settings
from qa.errors import DocumentError, FileTooLargeError, PolicyQAError

TEXT = "红河区教育局2023年阅读推广工作要点\n一、阅读活动\n1.每所小学每周安排一节阅读课。\n".encode()


@pytest.fixture
def library(tmp_path) -> Library:
    return Library(Settings.from_env(data_dir=tmp_path / "data", default_corpus=False))


@pytest.mark.parametrize(
    "name",
    [
        "关于印发" + "红河区阅读推广" * 15 + "工作要点的通知.txt",  # 345 bytes: over any file system's 255
        "关" * 82 + ".txt",  # 250 bytes: fits, but not once ".partial" is added while it is written
    ],
    ids=["345 bytes", "250 bytes"],
)
def test_a_long_file_name_is_kept_under_a_shorter_one_that_still_says_what_it_is(library, name):
    upload = Upload(name, TEXT)
    (document,) = library.read_uploads([upload])
    kept = Path(document.meta.source_file)
    assert kept.parent == Path("uploads") and kept.suffix == ".txt"
    assert name.startswith(kept.stem[:40]) and len(kept.name.encode()) <= 200
    assert document.doc_id.startswith(kept.stem[:40].lower())
    library.keep_uploads([upload])
    assert (library.uploads / kept.name).read_bytes() == TEXT
    # the same file again is kept under the same name (a re-upload is recognised as one) ...
    assert library.read_uploads([upload])[0].meta.source_file == str(kept)
    # ... and another long name with the same beginning under another
    other = Upload(name.replace(".txt", "（修订）.txt"), TEXT.replace(b"2023", b"2024"))
    assert library.read_uploads([other])[0].meta.source_file != str(kept)


def test_a_short_name_is_kept_as_it_is(library):
    (document,) = library.read_uploads([Upload("红河区阅读推广要点.txt", TEXT)])
    assert document.meta.source_file == "uploads/红河区阅读推广要点.txt"


@pytest.mark.parametrize(
    "name", ["a\x00b.txt", "a\nb.txt", "a\x7fb.txt", "\ud800.txt"], ids=["NUL", "newline", "DEL", "surrogate"]
)
def test_a_name_with_control_characters_or_no_utf8_form_is_refused_as_invalid(library, name):
    with pytest.raises(DocumentError, match="not a usable file name"):
        library.read_uploads([Upload(name, TEXT)])


def test_a_doc_id_too_long_for_its_files_is_refused_naming_the_limit(library):
    with pytest.raises(PolicyQAError, match="doc_id.*the limit is 200 bytes") as raised:
        library.read_uploads([Upload("a.txt", TEXT, {"doc_id": "x" * 201})])
    assert raised.value.kind == "invalid"


def test_a_file_over_the_upload_limit_is_too_large_naming_the_limit(tmp_path):
    library = Library(Settings.from_env(data_dir=tmp_path / "data", max_upload_bytes=100))
    with pytest.raises(FileTooLargeError, match="the limit is 100") as raised:
        library.read_uploads([Upload("a.txt", TEXT)])
    assert (raised.value.kind, raised.value.code) == ("too_large", "file_too_large")

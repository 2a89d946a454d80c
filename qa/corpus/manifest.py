"""Document metadata: from a TOML manifest beside the file (same stem), else read off the text."""

from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import fields
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from qa.corpus.infer import infer_meta
from qa.errors import ManifestError
from qa.records import DocumentMeta

MANIFEST_SUFFIX = ".toml"
_FIELDS = {f.name for f in fields(DocumentMeta)} - {"source_file"}


def manifest_path(document: Path) -> Path:
    return document.with_suffix(MANIFEST_SUFFIX)


class Manifest(BaseModel):
    """What a manifest may say, typed: a wrong type is refused before the index is touched
    (a list for `city` used to break every search; `aliases = "衡阳要点"` became characters)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    doc_id: str | None = Field(default=None, pattern=r"^[\w-]+$")
    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    date: str | datetime.date | None = None
    city: str | None = None
    district: str | None = None
    province: str | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)
    period: str | None = None
    kind: str | None = None
    aliases: list[str] = []
    inferred: list[str] = []
    notes: str | None = None
    seed: Any = None  # where the built-in documents came from; not indexed


_EXPECTED = {
    "date": "a date (2022-02-16) or a string",
    "year": "a whole number between 1900 and 2100",
    "aliases": "a list of strings",
    "inferred": "a list of strings",
    "doc_id": "a string of letters, digits, '_' and '-'",
}


def load_manifest(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ManifestError(f"{path}: malformed TOML ({error})") from None
    unknown = sorted(set(data) - _FIELDS - {"seed"})
    if unknown:
        raise ManifestError(f"{path}: unknown keys {', '.join(unknown)}")
    try:
        Manifest.model_validate(data)
    except ValidationError as error:
        problem = error.errors()[0]
        key = str(problem["loc"][0]) if problem["loc"] else "?"
        expected = _EXPECTED.get(key, "a string")
        value = data.get(key)
        raise ManifestError(
            f"{path}: {key} must be {expected}, got {value!r} ({type(value).__name__})"
        ) from None
    return data


def doc_id_from_name(path: Path) -> str:
    """A readable id from the file name: letters (Chinese too), digits and dashes."""
    slug = re.sub(r"[^\w-]+", "-", path.stem.lower()).strip("-_")
    return slug or "document"


def document_meta(path: Path, text: str, source_file: str, overrides: dict | None = None) -> DocumentMeta:
    """Manifest values win over command-line overrides, which win over what the text suggests."""
    values = {"doc_id": doc_id_from_name(path)} | infer_meta(text) | dict(overrides or {})
    manifest = manifest_path(path)
    if manifest.is_file():
        values |= {k: v for k, v in load_manifest(manifest).items() if k != "seed"}
    if not values.get("title"):
        values["title"] = values["doc_id"]
    values["aliases"] = tuple(values.get("aliases", ()))
    values["inferred"] = tuple(values.get("inferred", ()))
    if values.get("year") is not None:
        try:
            values["year"] = int(values["year"])
        except (TypeError, ValueError):
            raise ManifestError(f"{path}: year must be a number, got {values['year']!r}") from None
    if not re.fullmatch(r"[\w-]+", str(values["doc_id"])):
        raise ManifestError(f"{path}: doc_id may hold only letters, digits, '_' and '-'")
    if values.get("date") is not None:
        values["date"] = str(values["date"])  # TOML gives a datetime.date
    return DocumentMeta(source_file=source_file, **values)

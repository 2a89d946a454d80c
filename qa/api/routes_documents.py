"""The document library over REST: list, read (metadata and clause tree), upload, remove, and
the progress of the everyday questions written for uploads (`GET /v1/expansions`).

`POST /v1/documents` takes multipart form data: one or more `files` (.txt/.md/.docx/.pdf; also
accepted as `file`, as OpenAI and RAGFlow clients send them) and, optionally, metadata fields
for a single file (doc_id, title, 文号 as doc_number, …) and `replace=true` to let it replace an
indexed document with the same doc_id. A refused upload (unreadable, duplicate, too large)
changes nothing."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, File, Form, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError

from qa.application import PolicyQA, Upload
from qa.errors import ManifestError

UPLOAD_PATH = "/v1/documents"


def router(app: FastAPI) -> APIRouter:
    api = APIRouter(dependencies=[Depends(app.state.authorize)])
    application: PolicyQA = app.state.application

    @api.get(UPLOAD_PATH)
    def documents() -> list[dict]:
        """The indexed documents with their metadata and clause counts."""
        return [summary.to_dict() for summary in application.documents()]

    @api.get("/v1/expansions")
    def expansions() -> list[dict]:
        """How far writing everyday questions for uploaded documents has got: per document, its
        state (queued, writing, indexing, done, skipped, failed) and clauses done of total."""
        return [progress.to_dict() for progress in application.expansion_progress()]

    @api.get(UPLOAD_PATH + "/{doc_id}")
    def document(doc_id: str) -> dict:
        """A document's metadata, its clause tree (clauses under their headings) and clause list."""
        return application.document(doc_id).to_dict()

    @api.post(UPLOAD_PATH, status_code=201)
    async def upload(
        files: Annotated[
            list[UploadFile] | None, File(description=".txt, .md, .docx or .pdf; several allowed")
        ] = None,
        file: Annotated[
            list[UploadFile] | None, File(description="the same as files (OpenAI/RAGFlow name)")
        ] = None,
        doc_id: Annotated[str | None, Form()] = None,
        title: Annotated[str | None, Form()] = None,
        issuer: Annotated[str | None, Form()] = None,
        doc_number: Annotated[str | None, Form(description="文号")] = None,
        date: Annotated[str | None, Form(description="yyyy-mm-dd")] = None,
        province: Annotated[str | None, Form(description="省、自治区")] = None,
        city: Annotated[str | None, Form()] = None,
        district: Annotated[str | None, Form()] = None,
        year: Annotated[int | None, Form()] = None,
        kind: Annotated[str | None, Form(description="工作要点, 规划, 通知 …")] = None,
        replace: Annotated[bool, Form()] = False,
    ) -> dict:
        """Index uploaded documents; 201 with what changed and the new documents' summaries."""
        files = [*(files or []), *(file or [])]
        if not files:
            missing = "Field required (one or more files, as files or file)"
            raise RequestValidationError([{"loc": ("body", "files"), "msg": missing, "type": "missing"}])
        given = dict(
            doc_id=doc_id,
            title=title,
            issuer=issuer,
            doc_number=doc_number,
            date=date,
            province=province,
            city=city,
            district=district,
            year=year,
            kind=kind,
        )
        metadata = {k: v for k, v in given.items() if v not in (None, "")}
        if metadata and len(files) > 1:
            raise ManifestError("metadata describes one document; upload one file with it")
        uploads = [Upload(f.filename or "", await f.read(), metadata) for f in files]
        summary = await run_in_threadpool(application.upload, uploads, replace)
        touched = set(summary.added) | set(summary.changed)
        listed = [s.to_dict() for s in application.documents() if s.meta.doc_id in touched]
        return {**summary.to_dict(), "documents": listed}

    @api.delete(UPLOAD_PATH + "/{doc_id}")
    async def remove(doc_id: str) -> dict:
        summary = await run_in_threadpool(application.remove, [doc_id])
        return summary.to_dict()

    return api

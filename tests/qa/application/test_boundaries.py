"""Every surface goes through the facade: the REST and OpenAI routes (qa/api), the CLI (qa/cli)
and the chat (ui/) never import the searcher, the store, the ingestor or the answer service, and
never reach into a service's searcher or catalog."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from qa.config import REPO_ROOT

SURFACES = ("qa/api", "qa/cli", "ui")
INTERNALS = ("qa.retrieval.searcher", "qa.retrieval.catalog", "qa.index.store", "qa.index.ingest")
INTERNALS += ("qa.answer.service",)
REACHING = {"searcher", "catalog", "ingestor"}  # attributes that belong to the pipeline's insides


def surface_modules() -> list[Path]:
    return sorted(p for folder in SURFACES for p in (REPO_ROOT / folder).rglob("*.py"))


def imported(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_the_import_check_sees_every_form_of_import():
    source = (
        "import qa.index.store\nfrom qa.index import ingest\ndef f():\n    from qa.answer.service import X\n"
    )
    assert {"qa.index.store", "qa.index.ingest", "qa.answer.service"} <= imported(ast.parse(source))


def test_the_surfaces_exist():
    assert len(surface_modules()) >= 10


@pytest.mark.parametrize("path", surface_modules(), ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_a_surface_imports_no_pipeline_internals(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    forbidden = sorted(n for n in imported(tree) if n.startswith(INTERNALS))
    assert not forbidden, f"{path.name} imports {forbidden}: use qa.application.PolicyQA"
    reached = sorted(
        {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr in REACHING}
    )
    assert not reached, f"{path.name} reaches into .{', .'.join(reached)}: ask the facade"

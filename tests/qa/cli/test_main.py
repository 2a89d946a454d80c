"""The command line as a whole: help, errors (one line, an exit code by kind), the entry point, and
the rule that commands go through the application facade only."""

import subprocess
import sys
import typing
from pathlib import Path

import pytest

import qa.cli
from qa.cli import EXIT_CODES, build_parser, main
from qa.errors import ErrorKind, PolicyQAError

CLI_PACKAGE = Path(qa.cli.__file__).parent
# What a command must not reach past the facade for (qa.application.PolicyQA owns them).
BEHIND_THE_FACADE = ("qa.retrieval.searcher", "qa.index.store", "qa.index.ingest", "qa.answer.service")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["clauses", "no-such-doc"], "no document 'no-such-doc'"),
        (["clauses", "empty.txt"], "the file is empty"),
        (["docs", "--corpus", "nowhere"], "no such file or folder"),
    ],
)
def test_user_errors_print_one_line_and_exit_non_zero(tmp_path, monkeypatch, policyqa, argv, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty.txt").write_text("")
    code, out, err = policyqa(*argv)
    assert code == 1 and out == ""
    assert err.startswith("policyqa: error: ") and message in err
    assert len(err.strip().splitlines()) == 1


def test_every_error_kind_has_an_exit_code():
    assert set(EXIT_CODES) == set(typing.get_args(ErrorKind))


@pytest.mark.parametrize("kind", typing.get_args(ErrorKind))
def test_the_exit_code_follows_the_error_kind_not_its_text(monkeypatch, capsys, kind):
    class Raised(PolicyQAError):
        pass

    Raised.kind = kind

    def fail(args):
        raise Raised("something the user can fix")

    monkeypatch.setattr(qa.cli.status, "run", fail)
    assert main(["status"]) == EXIT_CODES[kind] == 1  # every kind is 1 for now (README)
    assert capsys.readouterr().err == "policyqa: error: something the user can fix\n"


def test_ctrl_c_is_130_and_a_closed_pipe_is_not_an_error(monkeypatch, capsys):
    for raised, code in ((KeyboardInterrupt, 130), (BrokenPipeError, 0)):

        def fail(args, raised=raised):
            raise raised()

        monkeypatch.setattr(qa.cli.status, "run", fail)
        assert main(["status"]) == code
    assert capsys.readouterr().err == "policyqa: interrupted\n"


COMMANDS = [
    "status",
    "docs",
    "clauses",
    "repair",
    "ingest",
    "remove",
    "search",
    "ask",
    "eval",
    "models",
    "serve",
    "ui",
]


@pytest.mark.parametrize("command", [[], *([name] for name in COMMANDS)])
def test_every_command_has_help(capsys, command):
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args([*command, "--help"])
    assert exited.value.code == 0
    assert "usage: policyqa" in capsys.readouterr().out


def test_the_installed_entry_point_runs_without_traceback():
    result = subprocess.run(
        [sys.executable, "-m", "qa.cli", "clauses", "no-such-doc"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        result.stderr.strip()
        == "policyqa: error: no document 'no-such-doc' (see `policyqa docs` for the ids)"
    )


def test_starting_the_command_line_loads_no_pipeline():
    # `policyqa --help`, `clauses` and `repair` start at once: the facade (Chroma, llama-index, the
    # model's libraries) is imported only by the commands that use it, when they run.
    probe = "import sys, qa.cli; qa.cli.build_parser(); print(sorted(m for m in sys.modules if m.startswith('qa.')))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    loaded = result.stdout
    assert "qa.cli.ask" in loaded
    assert "qa.application.facade" not in loaded and "qa.evaluation.runner" not in loaded

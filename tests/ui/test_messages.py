"""Refusals become Chinese lines by what was being done and the error's kind, never its text."""

import re
from dataclasses import replace
from typing import get_args

import pytest

from qa.errors import ErrorKind, InvalidQuestionError, NotFoundError, PolicyQAError, TooLargeError
from ui import messages


@pytest.mark.parametrize("action", list(messages.MESSAGES))
@pytest.mark.parametrize("kind", get_args(ErrorKind))
def test_every_kind_has_a_chinese_line_for_every_action(settings, action, kind):
    class Refusal(PolicyQAError):
        pass

    Refusal.kind = kind
    line = messages.error_message(action, Refusal("an English detail for the log"), settings)
    assert re.search(r"[\u4e00-\u9fff]", line) and "English" not in line and "{" not in line


def test_the_limits_in_the_lines_are_the_settings(settings):
    custom = replace(settings, max_question_chars=500, max_upload_bytes=5_000_000)
    assert "500 字以内" in messages.error_message(messages.ASK, TooLargeError("x"), custom)
    assert "5 MB" in messages.error_message(messages.UPLOAD, TooLargeError("x"), custom)


def test_the_same_kind_reads_differently_by_what_was_being_done(settings):
    found = {a: messages.error_message(a, NotFoundError("gone"), settings) for a in messages.MESSAGES}
    assert len(set(found.values())) == len(found)
    assert (
        messages.error_message(messages.ASK, InvalidQuestionError("lone surrogate"), settings)
        == (messages.MESSAGES[messages.ASK]["invalid"])
    )

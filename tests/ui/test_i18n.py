"""Gradio's own words on the page, in Chinese: every key is one the installed gradio uses, every
value is Chinese, and every locale gradio ships is covered."""

import re
from pathlib import Path

import gradio as gr

from ui.i18n import GRADIO_LOCALES, GRADIO_STRINGS, translations

ASSETS = Path(gr.__file__).parent / "templates" / "frontend" / "assets"
LATIN_OK = {"Gradio", "API", "MCP", "CSV", "TSV", "Cookie"}


def test_every_key_is_one_the_installed_gradio_uses():
    english = next(ASSETS.glob("en-*.js")).read_text(encoding="utf-8")
    core = "".join(p.read_text(encoding="utf-8") for p in ASSETS.glob("core-*.js"))
    components = "".join(p.read_text(encoding="utf-8") for p in ASSETS.glob("Index-*.js"))
    for key in GRADIO_STRINGS:
        group, name = key.split(".")
        in_table = re.search(rf"\b{group}\b", english) and re.search(rf"\b{name}:", core)
        # or one a component asks for although no table has it (common.upload: shown as is)
        assert in_table or f"`{key}`" in components, key


def test_the_words_users_see_most_are_translated():
    for key in ("chatbot.copy_message", "chatbot.like", "chatbot.dislike", "chatbot.clear", "common.submit"):
        assert key in GRADIO_STRINGS
    assert GRADIO_STRINGS["chatbot.like"] == "赞" and GRADIO_STRINGS["chatbot.dislike"] == "踩"


def test_every_value_is_chinese():
    for key, value in GRADIO_STRINGS.items():
        assert re.search(r"[\u4e00-\u9fff]", value), key
        words = re.findall(r"[A-Za-z]{2,}", re.sub(r"\{\w+\}", "", value))  # not the {placeholders}
        assert set(words) <= LATIN_OK, key


def test_every_locale_gradio_ships_gets_them():
    core = "".join(p.read_text(encoding="utf-8") for p in ASSETS.glob("core-*.js"))
    shipped = set(re.findall(r"\./lang/([A-Za-z-]+)\.json", core))
    assert {"en", "zh-CN", "zh-TW", "ja"} <= shipped and set(GRADIO_LOCALES) == shipped
    assert set(translations().translations) == shipped

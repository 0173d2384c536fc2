"""The one cleaning of every string that enters: invalid Unicode refused, invisibles removed."""

from __future__ import annotations

import pytest

from bot.core.errors import InvalidInput
from bot.core.text import clean_text, strip_invisible


@pytest.mark.parametrize("char", ["\u061c", "\ufeff", "\u2060", "\u00ad", "\u200b", "\u202e"])
def test_invisible_characters_are_removed(char: str):
    assert clean_text(f"mot{char}clé", limit=50) == "motclé"
    assert strip_invisible(f"mot{char}clé") == "motclé"


def test_control_characters_go_and_line_breaks_stay():
    assert clean_text("a\x1b[2Kb\r\nc\u2028d", limit=50) == "a[2Kb\nc\nd"
    assert clean_text("a\nb", limit=50, multiline=False) == "a b"


def test_invalid_unicode_is_refused_with_a_clear_message():
    with pytest.raises(InvalidInput) as caught:
        clean_text("tag\udfff", limit=50, field="tags")
    assert "caractères invalides" in caught.value.message("fr")
    assert "invalid characters" in caught.value.message("en")


def test_lenient_cleaning_shows_invalid_unicode_as_a_replacement_character():
    assert clean_text("Ana\udfff\u200b", limit=50, lenient=True) == "Ana\ufffd"
    assert clean_text("x" * 300, limit=200, lenient=True) == "x" * 200

"""Every text the console and the chat layer ask for by name is registered."""

from __future__ import annotations

import re
from pathlib import Path

import bot.console.app  # noqa: F401  (imports every command, renderer and message module)
from bot.core.i18n import has

ROOT = Path(__file__).resolve().parents[2] / "bot"
# t("key", …) or t('key', …) with a literal key (f-string keys are checked by the renderers' tests).
LITERAL_KEY = re.compile(r"""\bt\(\s*["']([a-z_]+(?:\.[a-z_0-9]+)+)["']""")


def test_every_literal_key_is_registered():
    used = {
        key
        for folder in ("console", "chat")
        for path in (ROOT / folder).rglob("*.py")
        for key in LITERAL_KEY.findall(path.read_text(encoding="utf-8"))
    }
    assert len(used) > 100
    missing = sorted(key for key in used if not has(key))
    assert not missing

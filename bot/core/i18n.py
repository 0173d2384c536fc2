"""Message catalog, French first with English: t(key, lang, **params).

Each feature registers its own messages with `register()` at import time, so the French
text stays next to the code that speaks: `register({"key": "Texte français"})`.

English lives in a standard gettext catalog (bot/locale/en/LC_MESSAGES/coopilote.po), where
French is the source language: msgctxt = the key, msgid = the French text, msgstr = the
English. A translator works on that file in Poedit or Weblate; `make i18n-extract`,
`make i18n-update` and `make i18n-compile` keep it in step with the code.

The older form `{"key": {"fr": ..., "en": ...}}` is still accepted (branches written before
the catalogs): its English is used only while the catalog has no translation for the key,
and tools/i18n_convert.py moves it into the catalog.
"""

from __future__ import annotations

import gettext
import io
import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_LANGUAGE = "fr"
LANGUAGES = ("fr", "en")
DOMAIN = "coopilote"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Message:
    fr: str
    en: str | None = None  # English still written in code (the older dict form)


_CATALOG: dict[str, _Message] = {}
_TRANSLATIONS: dict[str, gettext.GNUTranslations | None] = {}
_LOCK = threading.Lock()


def register(messages: Mapping[str, str | Mapping[str, str]]) -> None:
    """Add messages {key: "French"} (or {key: {"fr": ..., "en": ...}}); one text per key."""
    for key, texts in messages.items():
        if isinstance(texts, str):
            message = _Message(texts)
        else:
            if "fr" not in texts:
                raise ValueError(f"i18n key without French text: {key}")
            message = _Message(texts["fr"], texts.get("en"))
        if key in _CATALOG and _CATALOG[key] != message:
            raise ValueError(f"i18n key registered twice: {key}")
        _CATALOG[key] = message


def has(key: str) -> bool:
    """Whether `key` is in the catalog."""
    return key in _CATALOG


def registered_keys() -> list[str]:
    """Every registered key (for the catalog's tests)."""
    return list(_CATALOG)


def french(key: str) -> str:
    """The French text registered for `key` (the catalog's msgid)."""
    return _CATALOG[key].fr


def english_in_code(key: str) -> str | None:
    """English still written in code for `key` (older dict form), None once converted."""
    return _CATALOG[key].en


def normalize_language(lang: str | None) -> str:
    """A supported language code, French when unknown."""
    if lang:
        lang = lang.lower()[:2]
        if lang in LANGUAGES:
            return lang
    return DEFAULT_LANGUAGE


def load_translations(lang: str, locale_dir: Path = LOCALE_DIR) -> gettext.GNUTranslations | None:
    """The compiled catalog of `lang`: its .mo, or its .po compiled in memory when the .mo is
    missing or older (a fresh clone before `make i18n-compile`); None without either."""
    po = locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    mo = po.with_suffix(".mo")
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    if not po.exists():
        return None
    # Babel is only needed here; fuzzy entries are left out as `pybabel compile` does.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def translations(lang: str) -> gettext.GNUTranslations | None:
    """The catalog of `lang`, loaded once per process."""
    if lang not in _TRANSLATIONS:
        with _LOCK:
            if lang not in _TRANSLATIONS:
                try:
                    _TRANSLATIONS[lang] = load_translations(lang)
                except Exception:  # a broken catalog must not silence the bot: French instead
                    log.exception("cannot load the %s message catalog", lang)
                    _TRANSLATIONS[lang] = None
    return _TRANSLATIONS[lang]


def reload_translations() -> None:
    """Forget the loaded catalogs (after a compile, and in tests)."""
    with _LOCK:
        _TRANSLATIONS.clear()


def template(key: str, lang: str | None = None) -> str | None:
    """The unformatted text of `key` in `lang`: catalog, then English in code, then French."""
    message = _CATALOG.get(key)
    if message is None:
        return None
    lang = normalize_language(lang)
    if lang == DEFAULT_LANGUAGE:
        return message.fr
    catalog = translations(lang)
    if catalog is not None:
        text = catalog.pgettext(key, message.fr)
        # gettext answers the msgid itself when it has no translation; a translation equal
        # to the French (« Organisation ») reads the same either way.
        if text != message.fr:
            return text
    return message.en or message.fr


def t(key: str, lang: str | None = None, /, **params: Any) -> str:
    """The message `key` in `lang` (French fallback), formatted with `params`."""
    text = template(key, lang)
    if text is None:
        log.warning("missing i18n key %s", key)
        return key
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        log.warning("bad parameters for i18n key %s", key)
        return text


register(
    {
        "error.generic": "Une erreur est survenue. Rien n’a été modifié.",
        "error.invalid": "Entrée invalide : {detail}",
        "error.not_found": "Introuvable : {what}",
        "error.forbidden": "Vous n’avez pas le droit de faire cela.",
        "error.state": "Impossible dans l’état actuel : {detail}",
        "error.field_required": "Le champ « {field} » est obligatoire.",
        "error.field_too_long": (
            "Le champ « {field} » est trop long ({length} caractères; maximum {limit})."
        ),
        "error.text_too_long": "Le texte est trop long ({length} caractères; maximum {limit}).",
        "error.text_empty": "Le texte est vide.",
    }
)

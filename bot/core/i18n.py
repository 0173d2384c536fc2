"""Message catalog, French first with English: t(key, lang, **params).

Each feature registers its own messages with `register()` at import time, so the catalog
stays next to the code that speaks.
"""

from __future__ import annotations

import logging
from typing import Any

DEFAULT_LANGUAGE = "fr"
LANGUAGES = ("fr", "en")

log = logging.getLogger(__name__)

_CATALOG: dict[str, dict[str, str]] = {}


def register(messages: dict[str, dict[str, str]]) -> None:
    """Add messages {key: {"fr": ..., "en": ...}}; a key may not be registered twice."""
    for key, texts in messages.items():
        if key in _CATALOG and _CATALOG[key] != texts:
            raise ValueError(f"i18n key registered twice: {key}")
        if "fr" not in texts:
            raise ValueError(f"i18n key without French text: {key}")
        _CATALOG[key] = texts


def has(key: str) -> bool:
    """Whether `key` is in the catalog."""
    return key in _CATALOG


def normalize_language(lang: str | None) -> str:
    """A supported language code, French when unknown."""
    if lang:
        lang = lang.lower()[:2]
        if lang in LANGUAGES:
            return lang
    return DEFAULT_LANGUAGE


def t(key: str, lang: str | None = None, /, **params: Any) -> str:
    """The message `key` in `lang` (French fallback), formatted with `params`."""
    texts = _CATALOG.get(key)
    if texts is None:
        log.warning("missing i18n key %s", key)
        return key
    template = texts.get(normalize_language(lang)) or texts["fr"]
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        log.warning("bad parameters for i18n key %s", key)
        return template


register(
    {
        "error.generic": {
            "fr": "Une erreur est survenue. Rien n’a été modifié.",
            "en": "Something went wrong. Nothing was changed.",
        },
        "error.invalid": {
            "fr": "Entrée invalide : {detail}",
            "en": "Invalid input: {detail}",
        },
        "error.not_found": {
            "fr": "Introuvable : {what}",
            "en": "Not found: {what}",
        },
        "error.forbidden": {
            "fr": "Vous n’avez pas le droit de faire cela.",
            "en": "You are not allowed to do that.",
        },
        "error.state": {
            "fr": "Impossible dans l’état actuel : {detail}",
            "en": "Not possible in the current state: {detail}",
        },
        "error.field_required": {
            "fr": "Le champ « {field} » est obligatoire.",
            "en": "The field “{field}” is required.",
        },
        "error.field_too_long": {
            "fr": "Le champ « {field} » est trop long ({length} caractères; maximum {limit}).",
            "en": "The field “{field}” is too long ({length} characters; at most {limit}).",
        },
        "error.text_too_long": {
            "fr": "Le texte est trop long ({length} caractères; maximum {limit}).",
            "en": "The text is too long ({length} characters; at most {limit}).",
        },
        "error.text_empty": {
            "fr": "Le texte est vide.",
            "en": "The text is empty.",
        },
    }
)

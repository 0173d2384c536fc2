"""The gettext catalogs: every key in French and English, same placeholders, Babel-clean."""

from __future__ import annotations

import importlib
import io
import os
import pkgutil
import string
import textwrap
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

import bot
from bot.core import i18n
from bot.core.i18n_extract import extract

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "bot" / "locale" / "en" / "LC_MESSAGES" / "coopilote.po"
POT = ROOT / "bot" / "locale" / "messages.pot"


def _import_every_module() -> None:
    for module in pkgutil.walk_packages(bot.__path__, "bot."):
        if module.name != "bot.__main__":  # runs the CLI
            importlib.import_module(module.name)


_import_every_module()
KEYS = sorted(i18n.registered_keys())


def _po() -> Catalog:
    with PO.open("rb") as handle:
        return read_po(handle, locale="en", domain="coopilote")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_key_has_french():
    assert len(KEYS) > 500
    assert not [key for key in KEYS if not i18n.french(key).strip()]


def test_every_key_is_translated_in_the_english_catalog():
    catalog = _po()
    untranslated = []
    for key in KEYS:
        message = catalog.get(i18n.french(key), context=key)
        if message is None or not message.string or message.fuzzy:
            untranslated.append(key)
    assert untranslated == [], f"{len(untranslated)} keys without English: run make i18n-update"


def test_english_keeps_the_french_placeholders():
    catalog = _po()
    different = {
        message.context: (sorted(_fields(message.id)), sorted(_fields(message.string)))
        for message in catalog
        if message.id and message.string and _fields(message.id) != _fields(message.string)
    }
    assert different == {}


def test_catalog_parses_checks_and_compiles_with_pybabel(tmp_path: Path):
    catalog = _po()
    assert not catalog.fuzzy  # a fuzzy header would make pybabel compile skip the file
    assert [(m.context, errors) for m, errors in catalog.check()] == []
    # The Makefile's command, on a copy (the real .mo is not committed).
    target = tmp_path / "en" / "LC_MESSAGES"
    target.mkdir(parents=True)
    (target / "coopilote.po").write_bytes(PO.read_bytes())
    CommandLineInterface().run(
        ["pybabel", "compile", "--domain=coopilote", f"--directory={tmp_path}"]
    )
    compiled = i18n.load_translations("en", tmp_path)
    assert compiled is not None
    assert compiled.pgettext("error.generic", i18n.french("error.generic")) == (
        "Something went wrong. Nothing was changed."
    )


def test_template_is_in_step_with_the_code():
    with POT.open("rb") as handle:
        template = read_po(handle)
    in_template = {message.context: message.id for message in template if message.id}
    assert in_template == {key: i18n.french(key) for key in KEYS}


def test_extractor_finds_every_registered_key():
    method_map = [("bot/**.py", "bot.core.i18n_extract:extract")]
    found = {}
    for _filename, _lineno, message, _comments, context in extract_from_dir(str(ROOT), method_map):
        found[context] = message
    assert found == {key: i18n.french(key) for key in KEYS}


def test_extractor_reads_every_form_of_registration():
    source = textwrap.dedent(
        """
        from bot.core.i18n import register

        EXAMPLES = "48h ou 3j"
        LABELS = {"a": ("Titre", "Title")}
        MESSAGES = {
            # Errors
            "x.past": f"Déjà passé : {EXAMPLES}.",
            "x.dict": {"fr": "Bonjour {name}", "en": "Hello {name}"},
        }
        register(MESSAGES)
        register({f"x.field.{k}": {"fr": fr, "en": en} for k, (fr, en) in LABELS.items()})
        register({"x.split": "un " "deux", **{"x.splat": "trois"}})
        other.register({"not.ours": "non"})
        """
    ).encode()
    found = list(extract(io.BytesIO(source), {}, [], {}))
    assert [(message, comments) for _, _, message, comments in found] == [
        (("x.past", "Déjà passé : 48h ou 3j."), ["Errors"]),
        (("x.dict", "Bonjour {name}"), []),
        (("x.field.a", "Titre"), []),
        (("x.split", "un deux"), []),
        (("x.splat", "trois"), []),
    ]


def test_english_comes_from_the_catalog_not_from_code():
    assert [key for key in KEYS if i18n.english_in_code(key) is not None] == []
    catalog = _po()
    for key in ("error.generic", "decision.deadline.too_far", "practices.field.title"):
        assert i18n.t(key, "en", days=3) == catalog.get(
            i18n.french(key), context=key
        ).string.format(days=3)
    assert i18n.t("decision.deadline.too_far", "fr", days=3) == (
        "L’échéance est trop lointaine : au plus 3 jours."
    )
    assert i18n.t("decision.deadline.too_far", "en", days=3) == (
        "The deadline is too far ahead: at most 3 days."
    )


def _write_po(path: Path, messages: list[tuple[str, str, str, bool]], obsolete=()) -> None:
    catalog = Catalog(locale="en", domain="coopilote", fuzzy=False)
    for context, msgid, msgstr, fuzzy in messages:
        catalog.add(msgid, msgstr, context=context, flags=["fuzzy"] if fuzzy else [])
    for context, msgid, msgstr in obsolete:
        catalog.add(msgid, msgstr, context=context)
        key = (msgid, context)
        catalog.obsolete[key] = catalog._messages.pop(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog)


def test_fuzzy_and_obsolete_translations_are_not_used(tmp_path: Path):
    po = tmp_path / "en" / "LC_MESSAGES" / "coopilote.po"
    _write_po(
        po,
        [
            ("t.ok", "Bonjour", "Hello", False),
            ("t.fuzzy", "Au revoir", "Goodbye (guessed)", True),
        ],
        obsolete=[("t.gone", "Merci", "Thanks")],
    )
    assert "#~ " in po.read_text(encoding="utf-8")
    # Without a .mo: compiled in memory from the .po (a fresh clone before make i18n-compile).
    compiled = i18n.load_translations("en", tmp_path)
    assert compiled is not None
    assert compiled.pgettext("t.ok", "Bonjour") == "Hello"
    assert compiled.pgettext("t.fuzzy", "Au revoir") == "Au revoir"
    assert compiled.pgettext("t.gone", "Merci") == "Merci"
    # A French text changed in code no longer matches its old translation.
    assert compiled.pgettext("t.ok", "Bonjour à tous") == "Bonjour à tous"


def test_a_stale_mo_gives_way_to_the_newer_po(tmp_path: Path):
    po = tmp_path / "en" / "LC_MESSAGES" / "coopilote.po"
    _write_po(po, [("t.ok", "Bonjour", "Hello", False)])
    with po.with_suffix(".mo").open("wb") as handle:
        write_mo(handle, Catalog(locale="en"))
    os.utime(po.with_suffix(".mo"), (1, 1))
    compiled = i18n.load_translations("en", tmp_path)
    assert compiled is not None and compiled.pgettext("t.ok", "Bonjour") == "Hello"
    assert i18n.load_translations("en", tmp_path / "nowhere") is None


def test_the_older_dict_form_still_works_until_converted():
    i18n.register({"test.i18n.legacy": {"fr": "Bonjour {name}", "en": "Hello {name}"}})
    i18n.register({"test.i18n.french_only": "Salut {name}"})
    assert i18n.t("test.i18n.legacy", "en", name="Ana") == "Hello Ana"
    assert i18n.t("test.i18n.legacy", "fr", name="Ana") == "Bonjour Ana"
    # Not in the catalog yet and no English in code: French rather than nothing.
    assert i18n.t("test.i18n.french_only", "en", name="Ana") == "Salut Ana"
    with pytest.raises(ValueError):
        i18n.register({"test.i18n.legacy": "Autre texte"})

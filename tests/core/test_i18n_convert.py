"""tools/i18n_convert.py: English moves to the .po, code keeps French, and a re-run is a no-op."""

from __future__ import annotations

import ast
import importlib.util
import textwrap
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("i18n_convert", ROOT / "tools" / "i18n_convert.py")
assert _spec is not None and _spec.loader is not None
convert = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(convert)

MODULE = textwrap.dedent(
    '''\
    """Messages of a feature written on another branch."""

    from bot.core.i18n import register

    _EX = "48h ou 3j"

    register(
        {
            # Already converted: left alone.
            "f.done": "Déjà en français seulement",
            "f.short": {"fr": "Bonjour {name}", "en": "Hello {name}"},
            "f.long": {
                "fr": "Une phrase assez longue pour dépasser la limite de cent caractères "
                "une fois la clé remise devant elle.",
                "en": "A sentence long enough to go past the limit once its key is back.",
            },
            "f.examples": {"fr": f"Exemples : {_EX}.", "en": "Examples: 48h or 3d."},
        }
    )
    '''
)


def _catalog(root: Path):
    with (root / convert.PO_RELATIVE).open("rb") as handle:
        return read_po(handle)


def test_conversion_moves_english_and_is_idempotent(tmp_path: Path, capsys):
    path = tmp_path / "bot" / "feature" / "messages.py"
    path.parent.mkdir(parents=True)
    path.write_text(MODULE, encoding="utf-8")
    assert convert.main(["--root", str(tmp_path)]) == 0
    first = path.read_text(encoding="utf-8")
    assert '"en"' not in first and "Hello" not in first
    assert '"f.short": "Bonjour {name}",' in first
    assert "# Already converted: left alone." in first
    assert 'f"Exemples : {_EX}."' in first  # the French expression is kept as written
    assert max(len(line) for line in first.splitlines()) <= 100
    ast.parse(first)
    catalog = _catalog(tmp_path)
    translated = {m.context: (m.id, m.string) for m in catalog if m.id}
    assert translated == {
        "f.short": ("Bonjour {name}", "Hello {name}"),
        "f.long": (
            "Une phrase assez longue pour dépasser la limite de cent caractères une fois la clé "
            "remise devant elle.",
            "A sentence long enough to go past the limit once its key is back.",
        ),
        "f.examples": ("Exemples : 48h ou 3j.", "Examples: 48h or 3d."),
    }
    assert "converted 3 entries in 1 files" in capsys.readouterr().out

    # Re-run (the lead after a merge): nothing changes.
    po_before = (tmp_path / convert.PO_RELATIVE).read_bytes()
    assert convert.main(["--root", str(tmp_path)]) == 0
    assert path.read_text(encoding="utf-8") == first
    assert (tmp_path / convert.PO_RELATIVE).read_bytes() == po_before
    assert "converted 0 entries in 0 files" in capsys.readouterr().out

    # A merged branch changes f.short's French in the old form: the pair replaces the old one.
    path.write_text(
        first.replace(
            '"f.short": "Bonjour {name}",',
            '"f.short": {"fr": "Bonjour, {name}!", "en": "Hi, {name}!"},',
        ),
        encoding="utf-8",
    )
    assert convert.main(["--root", str(tmp_path)]) == 0
    translated = {m.context: (m.id, m.string) for m in _catalog(tmp_path) if m.id}
    assert translated["f.short"] == ("Bonjour, {name}!", "Hi, {name}!")
    assert '"f.short": "Bonjour, {name}!",' in path.read_text(encoding="utf-8")


def test_dry_run_changes_nothing(tmp_path: Path):
    path = tmp_path / "bot" / "feature" / "messages.py"
    path.parent.mkdir(parents=True)
    path.write_text(MODULE, encoding="utf-8")
    assert convert.main(["--root", str(tmp_path), "--dry-run"]) == 0
    assert path.read_text(encoding="utf-8") == MODULE
    assert not (tmp_path / convert.PO_RELATIVE).exists()

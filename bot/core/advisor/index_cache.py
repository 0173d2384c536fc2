"""A built advisor kept on disk, so a fresh `coopilote advise` process starts fast.

Building the index (parsing the catalog, folding and stemming every phrase) takes a few
hundred milliseconds; loading it back takes a few dozen. The file is named after a hash of
the data files and of the code that builds the index, so any change rebuilds it; a file
that cannot be read or written is simply ignored. It lives in the user's cache folder
(`COOPILOTE_CACHE_DIR`, else `$XDG_CACHE_HOME/coopilote`, else `~/.cache/coopilote`), which
only that user can write: a pickle is only as trustworthy as the folder it comes from.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_DATA = ("referentiel.csv", "families.toml", "hors_sujet.toml", "apprentissage.toml")
_CODE = (
    "bot.core.advisor.engine",
    "bot.core.advisor.learned",
    "bot.core.advisor.referentiel",
    "bot.core.text",
)


def cache_dir() -> Path:
    """Where the built index is kept."""
    explicit = os.environ.get("COOPILOTE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "coopilote"


def _fingerprint(data_files: tuple[str, ...]) -> str:
    digest = hashlib.sha256(sys.version.encode())
    data = resources.files("bot.data")
    for name in (*_DATA, *data_files):
        digest.update(name.encode())
        digest.update(data.joinpath(name).read_bytes())
    for module in _CODE:
        source = sys.modules[module].__file__ if module in sys.modules else None
        if source:
            digest.update(Path(source).read_bytes())
    return digest.hexdigest()[:24]


def cached(name: str, data_files: tuple[str, ...], build: Callable[[], T]) -> T:
    """`build()`'s result, read back from the cache folder when the data and code match."""
    if os.environ.get("COOPILOTE_NO_CACHE"):
        return build()
    try:
        path = cache_dir() / f"{name}-{_fingerprint(data_files)}.pickle"
    except OSError:
        return build()
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)  # our own file, in the user’s own folder
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write aside then rename: a concurrent reader never sees half a file.
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
        for old in path.parent.glob(f"{name}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass
    return value

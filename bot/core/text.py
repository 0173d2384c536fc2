"""Text helpers shared by the services: folding, tokens, stems, and input cleaning."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

from bot.core.errors import InvalidInput

_WORD = re.compile(r"[0-9a-z]+(?:[-'][0-9a-z]+)*")
# Control characters except tab and newline; they break terminals and chat renderers.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")

_STEMMERS = {"fr": Stemmer.Stemmer("french"), "en": Stemmer.Stemmer("english")}

# Function words that never carry a need, in French and English (already folded).
STOPWORDS = frozenset(
    """
    a au aux avec ce ces cet cette c d de des du elle elles en et eux il ils je j l la le les
    leur leurs lui m ma mais me meme mes moi mon n ne nos notre nous on ou par pas pour qu que
    qui s sa se ses son sur t ta te tes toi ton tu un une vos votre vous y est sont etre ai as
    avons avez ont suis es sommes etes etait etaient sera seront fait faire fais font veut
    veulent voudrait voudrions voudrais aimerait aimerions aimerais peut peuvent pouvoir doit
    doivent devons besoin comment quoi quel quelle quels quelles dont ou la-bas ici tres plus
    moins aussi bien tout tous toute toutes chaque autre autres comme si alors donc car ca cela
    celui celle ceux entre chez sans sous vers depuis pendant avant apres the an and or of to in
    on for with by at from is are be was were been it its this that these those we our ours you
    your they their them i me my he she his her us do does did have has had can could would
    should will shall may might must need needs want wants how what which who whom where when
    why some any all each every other more most very also just so than then there here about
    into over under again not no yes
    """.split()
)


def _slow_fold(text: str) -> str:
    text = text.casefold().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    # Typographic apostrophes and dashes become plain ones so tokens split the same way.
    return folded.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-")


# Latin letters and typographic marks folded once, so most texts fold by one translate()
# (the advisor folds thousands of phrases at start-up; char-by-char NFKD was most of it).
_FOLD_TABLE = str.maketrans(
    {chr(c): _slow_fold(chr(c)) for c in [*range(0x80, 0x250), 0x2018, 0x2019, 0x2013]}
)


def fold(text: str) -> str:
    """Lower-case and strip accents: « Réseaux SOCIAUX » → « reseaux sociaux »."""
    folded = text.casefold().translate(_FOLD_TABLE)
    # Anything else (combining marks, other scripts, ligatures) takes the full path.
    return folded if folded.isascii() else _slow_fold(text)


def words(text: str) -> list[str]:
    """Folded words of `text`, elisions split off (« l'assemblée » → « assemblee »)."""
    out: list[str] = []
    for match in _WORD.finditer(fold(text)):
        token = match.group(0)
        # French elision: l', d', qu', j', n', s', c', m', t' are not words of their own.
        if "'" in token:
            head, _, tail = token.partition("'")
            if len(head) <= 2 or head in ("qu", "jusqu", "lorsqu", "puisqu"):
                token = tail
        out.extend(part for part in token.replace("'", "-").split("-") if part)
    return out


@lru_cache(maxsize=65536)
def stem(word: str, lang: str = "fr") -> str:
    """Snowball stem of an already folded word."""
    return _STEMMERS[lang].stemWord(word)


def content_words(text: str) -> list[str]:
    """Folded words without stop words."""
    return [w for w in words(text) if w not in STOPWORDS]


def clean_text(
    value: str | None,
    *,
    limit: int,
    required: bool = False,
    field: str = "texte",
    multiline: bool = True,
) -> str:
    """Strip control characters and outer blanks, enforce `limit`; InvalidInput when bad."""
    text = _CONTROL.sub("", value or "")
    text = unicodedata.normalize("NFC", text).strip()
    if not multiline:
        text = " ".join(text.split())
    if required and not text:
        raise InvalidInput("error.field_required", field=field)
    if len(text) > limit:
        raise InvalidInput("error.field_too_long", field=field, length=len(text), limit=limit)
    return text

"""Text helpers shared by the services: folding, tokens, stems, and input cleaning."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

from bot.core.errors import InvalidInput
from bot.core.i18n import register

register(
    {
        "error.invalid_unicode": (
            "Le champ « {field} » contient des caractères invalides (texte Unicode mal formé)."
        ),
    }
)

_WORD = re.compile(r"[0-9a-z]+(?:[-'][0-9a-z]+)*")
# What every string that enters loses, everywhere (console, CLI, imports, chat platforms):
# control characters except tab and newline (terminal escapes), and the invisible or
# direction-changing format characters that hide or reorder text: soft hyphen, Arabic letter
# mark, zero-width spaces and joiners, bidi marks and overrides, word joiner and invisible
# operators, byte order mark, interlinear annotations, tag characters, Hangul fillers.
INVISIBLE = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff0-\ufffb"
    "\U000e0000-\U000e007f"
)
_CONTROL = re.compile(f"[{INVISIBLE}]")
# Lone surrogates: a JSON « \\udfff » or undecodable bytes read with surrogateescape. They
# cannot be written as UTF-8, so one of them would break every export and display.
_SURROGATE = re.compile("[\ud800-\udfff]")

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


def strip_invisible(text: str) -> str:
    """`text` without control or invisible characters; lone surrogates shown as « � ».

    For text shown or written out (never refused): names given by a platform, text stored
    before the cleaning existed, titles quoted in error messages.
    """
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", text))


def has_invalid_unicode(text: str) -> bool:
    """Whether `text` holds a lone surrogate (it could not be written as UTF-8)."""
    return _SURROGATE.search(text) is not None


def clean_text(
    value: str | None,
    *,
    limit: int,
    required: bool = False,
    field: str = "texte",
    multiline: bool = True,
    lenient: bool = False,
) -> str:
    """The one cleaning of every string that enters: invalid Unicode refused (replaced by
    « � » when `lenient`), control and invisible characters removed, NFC, outer blanks
    stripped, `limit` enforced (cut when `lenient`); InvalidInput when bad."""
    text = value or ""
    if has_invalid_unicode(text):
        if not lenient:
            raise InvalidInput("error.invalid_unicode", field=field)
        text = _SURROGATE.sub("\ufffd", text)
    # Line and paragraph separators are line breaks; a lone CR is one too (old Mac files).
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", text).strip()
    if not multiline:
        text = " ".join(text.split())
    if required and not text:
        raise InvalidInput("error.field_required", field=field)
    if lenient:
        return text[:limit]
    if len(text) > limit:
        raise InvalidInput("error.field_too_long", field=field, length=len(text), limit=limit)
    return text

"""Vote options in a forgiving text syntax, shared by the text adapters (console, Matrix).

« Que le CA adopte le budget. délai=48h majorité=2/3 secret quorum=50% »: `key=value` words
and a few bare words (secret, nominal, multiple, ca, membres…) at the end (or the start) of a
text are options; the rest is the text. Bare words count as options only when they cannot be
the end of a sentence: after a `key=value`, after punctuation, or alone in a `|` segment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bot.core.decisions.deadlines import parse_duration
from bot.core.decisions.rules import Majority, Quorum, QuorumKind
from bot.core.decisions.views import BOARD, MEMBERS, OptionView
from bot.core.errors import InvalidInput
from bot.core.text import fold

__all__ = ["BOARD", "MEMBERS", "RuleChoices", "split_options"]


@dataclass(frozen=True, slots=True)
class RuleChoices:
    """What the user asked for; None means « the community's default »."""

    deadline: str | None = None
    majority: Majority | None = None
    quorum: Quorum | None = None
    secret: bool | None = None
    seconder: bool | None = None
    early_close: bool | None = None
    reminders: tuple[int, ...] | None = None  # minutes before the deadline
    body: str | None = None  # board | members
    live: bool | None = None
    multiple: bool | None = None
    max_choices: int | None = None
    title: str | None = None
    # « reglements » | « enteriner »: community setting only (`/vote regles distance=…`).
    distance: str | None = None

    def merged(self, other: RuleChoices) -> RuleChoices:
        """These choices, with `other`'s where it says something."""
        changes = {k: getattr(other, k) for k in self.__slots__ if getattr(other, k) is not None}
        return replace(self, **changes)

    def is_empty(self) -> bool:
        """Nothing was chosen."""
        return all(getattr(self, k) is None for k in self.__slots__)


_KEYS = {
    **dict.fromkeys(
        ("delai", "echeance", "fin", "duree", "deadline", "until", "jusqua"), "deadline"
    ),
    **dict.fromkeys(("majorite", "majority", "regle", "rule"), "majority"),
    **dict.fromkeys(("quorum",), "quorum"),
    **dict.fromkeys(("secret", "anonyme", "anonymous"), "secret"),
    **dict.fromkeys(("scrutin", "vote", "ballot", "mode"), "mode"),
    **dict.fromkeys(("appui", "appuyeur", "seconder", "second"), "seconder"),
    **dict.fromkeys(("anticipe", "anticipee", "fermeture", "early"), "early_close"),
    **dict.fromkeys(("rappels", "rappel", "reminders", "reminder"), "reminders"),
    **dict.fromkeys(("votants", "electorat", "corps", "body", "voters", "instance"), "body"),
    **dict.fromkeys(("resultats", "results", "resultat"), "live"),
    **dict.fromkeys(("max", "choix", "maximum", "choices"), "max_choices"),
    **dict.fromkeys(("titre", "title", "objet"), "title"),
    **dict.fromkeys(("distance", "reglements", "bylaws"), "distance"),
}
_DISTANCE = {
    **dict.fromkeys(("reglements", "reglement", "bylaws", "permis", "oui"), "reglements"),
    **dict.fromkeys(("enteriner", "ratifier", "ratification", "consultation", "non"), "enteriner"),
}

_MAJORITIES = {
    **dict.fromkeys(("simple", "relative", "ordinaire"), Majority.SIMPLE),
    **dict.fromkeys(("absolue", "absolute"), Majority.ABSOLUTE),
    **dict.fromkeys(
        ("2/3", "deux-tiers", "deuxtiers", "2tiers", "two-thirds", "66%"), Majority.TWO_THIRDS
    ),
    **dict.fromkeys(
        ("unanimite", "unanime", "unanimity", "unanimous", "resolution-ecrite", "ecrite"),
        Majority.UNANIMITY,
    ),
    **dict.fromkeys(
        ("en-fonction", "en_fonction", "enfonction", "in-office", "administrateurs"),
        Majority.IN_OFFICE,
    ),
}
_YES = {"oui", "o", "yes", "y", "vrai", "true", "1", "on", "requis", "required"}
_NO = {"non", "n", "no", "faux", "false", "0", "off", "aucun", "aucune", "none", "sans"}
_BODIES = {
    **dict.fromkeys(("ca", "conseil", "board", "administrateurs", "directors"), BOARD),
    **dict.fromkeys(("membres", "members", "ag", "assemblee", "tous", "all"), MEMBERS),
}
_LIVE = {
    **dict.fromkeys(("direct", "live", "visibles", "visible", "continu"), True),
    **dict.fromkeys(("caches", "cache", "hidden", "fin", "cloture", "end"), False),
}
# Bare words and what they mean.
_FLAGS: dict[str, tuple[str, object]] = {
    **{w: ("secret", True) for w in ("secret", "anonyme", "anonymous")},
    **{w: ("secret", False) for w in ("nominal", "public", "nomme", "named")},
    # Majorities as bare words, except those that end ordinary sentences (« … écrite »).
    **{
        w: ("majority", m)
        for w, m in _MAJORITIES.items()
        if w not in ("relative", "66%", "ecrite", "administrateurs", "enfonction", "en_fonction")
    },
    **{w: ("body", b) for w, b in _BODIES.items() if w not in ("tous", "all", "conseil")},
    "multiple": ("multiple", True),
    "unique": ("multiple", False),
    **{w: ("early_close", True) for w in ("anticipe", "anticipee", "early")},
    **{w: ("seconder", False) for w in ("sans-appui", "sansappui", "no-second")},
    **{w: ("live", v) for w, v in _LIVE.items() if w not in ("fin", "end", "continu")},
}

_TOKEN = re.compile(r"""[^\s=|]+=(?:"[^"]*"|«[^»]*»|“[^”]*”|[^\s|]*)|[^\s|]+""")
_KEYVALUE = re.compile(r"""^([^\s=]+)=(.*)$""", re.DOTALL)
_SENTENCE_END = (".", "!", "?", "»", ")", ":", ";")


def _unquote(value: str) -> str:
    value = value.strip()
    for left, right in (('"', '"'), ("«", "»"), ("“", "”")):
        if len(value) >= 2 and value.startswith(left) and value.endswith(right):
            return value[1:-1].strip()
    return value


def _yes_no(key: str, value: str) -> bool:
    folded = fold(value)
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise InvalidInput("decision.option.bad_value", key=key, value=value[:40])


def _reminders(value: str) -> tuple[int, ...]:
    if fold(value) in _NO:
        return ()
    out: list[int] = []
    for part in re.split(r"[,;/ ]+", value.strip()):
        if not part:
            continue
        duration = parse_duration(part)
        if duration is None or duration.total_seconds() < 60:
            raise InvalidInput("decision.option.bad_value", key="rappels", value=part[:40])
        out.append(int(duration.total_seconds() // 60))
    if len(out) > 5:
        raise InvalidInput("decision.option.too_many_reminders", limit=5)
    return tuple(sorted(set(out), reverse=True))


def parse_quorum(value: str) -> Quorum:
    """« 3 », « 50% », « 50 % », « aucun »."""
    folded = fold(value).replace(" ", "")
    if folded in _NO or folded in ("0", "0%"):
        return Quorum()
    if folded in ("majorite", "majority", "majoritaire"):
        return Quorum(QuorumKind.MAJORITY, 0)
    percent = folded.endswith("%") or folded.endswith("pourcent") or folded.endswith("pct")
    digits = re.sub(r"(%|pourcent|pct)$", "", folded)
    if not digits.isdigit():
        raise InvalidInput("decision.option.bad_quorum", value=value[:40])
    number = int(digits)
    if percent:
        if not 1 <= number <= 100:
            raise InvalidInput("decision.option.bad_quorum", value=value[:40])
        return Quorum(QuorumKind.PERCENT, number)
    if not 1 <= number <= 100_000:
        raise InvalidInput("decision.option.bad_quorum", value=value[:40])
    return Quorum(QuorumKind.COUNT, number)


def parse_majority(value: str) -> Majority:
    """« simple », « absolue », « 2/3 », « unanimité »."""
    found = _MAJORITIES.get(fold(value).replace(" ", "-"))
    if found is None:
        raise InvalidInput("decision.option.bad_majority", value=value[:40])
    return found


def _set(choices: dict[str, object], name: str, value: object) -> None:
    """Record one option; the same option given two different ways is refused."""
    if name in choices and choices[name] != value:
        raise InvalidInput("decision.option.contradictory", name=_SHOWN.get(name, name))
    choices[name] = value


_SHOWN = {
    "secret": "secret / nominal",
    "deadline": "délai",
    "majority": "majorité",
    "quorum": "quorum",
    "body": "votants",
    "seconder": "appui",
    "early_close": "anticipé",
    "multiple": "multiple / unique",
    "max_choices": "max",
    "live": "résultats",
    "reminders": "rappels",
    "title": "titre",
}


def _apply(choices: dict[str, object], key: str, raw: str) -> None:
    """Set one `key=value` option (key already folded and known)."""
    name = _KEYS[key]
    value = _unquote(raw)
    if not value and name != "title":
        raise InvalidInput("decision.option.bad_value", key=key, value="")
    if name == "deadline":
        _set(choices, "deadline", value)
    elif name == "majority":
        _set(choices, "majority", parse_majority(value))
    elif name == "quorum":
        _set(choices, "quorum", parse_quorum(value))
    elif name == "secret":
        _set(choices, "secret", _yes_no(key, value))
    elif name == "mode":
        folded = fold(value)
        if folded in ("secret", "anonyme", "anonymous"):
            _set(choices, "secret", True)
        elif folded in ("nominal", "public", "nomme", "named"):
            _set(choices, "secret", False)
        else:
            raise InvalidInput("decision.option.bad_value", key=key, value=value[:40])
    elif name == "seconder":
        _set(choices, "seconder", _yes_no(key, value))
    elif name == "early_close":
        _set(choices, "early_close", _yes_no(key, value))
    elif name == "reminders":
        _set(choices, "reminders", _reminders(value))
    elif name == "body":
        body = _BODIES.get(fold(value))
        if body is None:
            raise InvalidInput("decision.option.bad_value", key=key, value=value[:40])
        _set(choices, "body", body)
    elif name == "live":
        live = _LIVE.get(fold(value))
        if live is None:
            raise InvalidInput("decision.option.bad_value", key=key, value=value[:40])
        _set(choices, "live", live)
    elif name == "max_choices":
        if not value.isdigit() or not 1 <= int(value) <= 20:
            raise InvalidInput("decision.option.bad_value", key=key, value=value[:40])
        _set(choices, "max_choices", int(value))
        _set(choices, "multiple", int(value) > 1)
    elif name == "title":
        _set(choices, "title", value)
    elif name == "distance":
        distance = _DISTANCE.get(fold(value))
        if distance is None:
            raise InvalidInput("decision.option.bad_value", key=key, value=value[:40])
        _set(choices, "distance", distance)


def _classify(token: str) -> str:
    """'kv' for a known key=value, 'unknown' for an unknown one, 'flag', or 'text'."""
    kv = _KEYVALUE.match(token)
    if kv:
        key = fold(kv.group(1))
        if key in _KEYS:
            return "kv"
        # Only word-like keys are taken for (mistyped) options; « 1+1=2 » is text.
        return "unknown" if re.fullmatch(r"[a-z-]{2,20}", key) else "text"
    return "flag" if fold(token) in _FLAGS else "text"


# Secrecy said in words at the very end, or in parentheses anywhere: never text, because
# reading « … la présidente secret » as text would run a nominal vote and show names.
_SECRECY_WORDS = {"secret", "anonyme", "anonymous", "nominal"}
_PAREN_SECRECY = re.compile(
    r"\(\s*(?:(?:vote|scrutin|ballot)\s+)?(secret|anonyme|anonymous|nominal)\s*\)",
    re.IGNORECASE,
)
_KEY_EQ = re.compile(r"([^\W\d_][\w-]{0,24})\s*=\s*")
_DEADLINE_VALUE = re.compile(
    r"(\d{4}-\d{1,2}-\d{1,2})(?:(?:\s+|\s*[tT]\s*)(?:à\s+)?(\d{1,2}\s*[:hH]\s*\d{0,2}))?"
    r"|\d{1,4}\s*[^\W\d_]+(?:\s+(?:et\s+)?\d{1,4}\s*[^\W\d_]+)*"
)
_QUORUM_VALUE = re.compile(r"\d{1,6}\s*%|\d{1,6}\s+(?:pour\s*cent|pourcent|pct)\b")
_MAJORITY_VALUE = re.compile(
    r"(?:deux|2)\s*(?:-|\s)\s*tiers|2\s*/\s*3|(r)[ée]solution\s+[ée]crite|(e)n\s+fonction",
    re.IGNORECASE,
)


def _joined_value(name: str, rest: str) -> tuple[str, int] | None:
    """A value written with spaces right after `key=` (« 48 h », « 50 % », « deux tiers »,
    « 2026-12-05 17:00 »), as one word, and how many characters it took."""
    if name == "deadline":
        match = _DEADLINE_VALUE.match(rest)
        if match is None:
            return None
        if match.group(1):
            value = match.group(1) + (
                "T" + re.sub(r"\s+", "", match.group(2)) if match.group(2) else ""
            )
            return value, match.end()
        # The longest run of « number unit » parts that still reads as a duration.
        parts = list(re.finditer(r"\d{1,4}\s*[^\W\d_]+", match.group(0)))
        for count in range(len(parts), 0, -1):
            candidate = match.group(0)[: parts[count - 1].end()]
            if parse_duration(candidate) is not None:
                return re.sub(r"\s+|\bet\b", "", candidate), len(candidate)
        return None
    pattern = {"quorum": _QUORUM_VALUE, "majority": _MAJORITY_VALUE}.get(name)
    match = pattern.match(rest) if pattern is not None else None
    if match is None:
        return None
    value = re.sub(r"\s+", "", match.group(0))
    if name == "majority" and not value.startswith("2/"):
        value = {True: "resolution-ecrite"}.get(bool(match.group(1)), "")
        value = value or ("en-fonction" if match.group(2) else "deux-tiers")
    return value.replace("pourcent", "%").replace("pct", "%"), match.end()


def _normalise(text: str) -> str:
    """« majorité = 2/3 », « délai=48 h », « quorum=50 % » → one `key=value` word each."""
    out: list[str] = []
    pos = 0
    for match in _KEY_EQ.finditer(text):
        if match.start() < pos:
            continue
        key = fold(match.group(1))
        if key not in _KEYS:
            continue
        out.append(text[pos : match.start()])
        out.append(match.group(1) + "=")
        pos = match.end()
        joined = _joined_value(_KEYS[key], text[pos:])
        if joined is not None:
            out.append(joined[0])
            pos += joined[1]
    out.append(text[pos:])
    return "".join(out)


def _trailing(text: str, tokens: list[re.Match[str]]) -> int:
    """How many trailing tokens of `text` (known `key=value` already taken) are options."""
    kinds = [_classify(m.group(0)) for m in tokens]
    count = 0
    for kind in reversed(kinds):
        if kind == "text":
            break
        count += 1
    if count == 0:
        return 0
    run = kinds[len(kinds) - count :]
    if "kv" in run or "unknown" in run:
        return count
    before = text[: tokens[len(tokens) - count].start()]
    if before.rstrip().endswith(_SENTENCE_END):
        return count
    # Not after punctuation: only the secrecy words, the safer reading.
    secrecy = 0
    for m in reversed(tokens[len(tokens) - count :]):
        if fold(m.group(0)) not in _SECRECY_WORDS:
            break
        secrecy += 1
    return secrecy


def _apply_tokens(tokens: list[str], choices: dict[str, object]) -> None:
    for token in tokens:
        kv = _KEYVALUE.match(token)
        if kv:
            key = fold(kv.group(1))
            if key not in _KEYS:
                raise InvalidInput("decision.option.unknown", name=kv.group(1)[:30])
            _apply(choices, key, kv.group(2))
        else:
            name, value = _FLAGS[fold(token)]
            _set(choices, name, value)


def _take_options(part: str, choices: dict[str, object], *, whole: bool) -> str:
    """Read the options of one text (or the last `|` segment); return what is left.

    Known `key=value` words are read wherever they stand; a word-like `key=value` with an
    unknown key is refused; bare words are options at the start (beside a `key=value`),
    at the end after punctuation or a `key=value`, and secrecy words at the very end.
    """
    part = _normalise(part)
    for match in _PAREN_SECRECY.finditer(part):
        name, value = _FLAGS[fold(match.group(1))]
        _set(choices, name, value)
    part = _PAREN_SECRECY.sub(" ", part)
    tokens = list(_TOKEN.finditer(part))
    count = _trailing(part, tokens)
    if count:
        _apply_tokens([m.group(0) for m in tokens[-count:]], choices)
        part = part[: tokens[len(tokens) - count].start()]
    # Known `key=value` words anywhere else (and mistyped ones, refused).
    keep: list[str] = []
    pos = 0
    for m in _TOKEN.finditer(part):
        if _classify(m.group(0)) in ("kv", "unknown"):
            _apply_tokens([m.group(0)], choices)
            keep.append(part[pos : m.start()])
            pos = m.end()
    keep.append(part[pos:])
    rest = re.sub(r"[ \t]{2,}", " ", "".join(keep))
    if whole:
        lead = 0
        lead_tokens = list(_TOKEN.finditer(rest))
        for m in lead_tokens:
            if _classify(m.group(0)) == "text":
                break
            lead += 1
        # Leading bare words only when options were clearly written there too.
        if lead and lead < len(lead_tokens) and choices:
            leading = lead_tokens[:lead]
            _apply_tokens([m.group(0) for m in leading], choices)
            rest = rest[leading[-1].end() :]
    return rest


def split_options(text: str, *, segments: bool = False) -> tuple[str, RuleChoices]:
    """Separate the options from a text; returns (text without options, choices).

    With `segments`, the text is `|`-separated (poll options) and a segment made only of
    options is consumed whole. Unreadable or contradictory options are refused (named).
    """
    choices: dict[str, object] = {}
    text = text or ""
    if segments:
        parts = text.split("|")
        kept: list[str] = []
        for index, part in enumerate(parts):
            tokens = list(_TOKEN.finditer(_normalise(part)))
            last = index == len(parts) - 1
            # A segment of options only (never the first one: the question).
            if index > 0 and tokens and all(_classify(m.group(0)) != "text" for m in tokens):
                _apply_tokens([m.group(0) for m in tokens], choices)
                continue
            if last:
                part = _take_options(part, choices, whole=False)
            kept.append(part)
        rest = "|".join(kept)
    else:
        rest = _take_options(text, choices, whole=True)
    return rest.strip(), RuleChoices(**choices)  # type: ignore[arg-type]


# --- Choices on a ballot ------------------------------------------------------------------

_MOTION_CHOICES = {
    **dict.fromkeys(("pour", "oui", "p", "o", "for", "yes", "y", "+", "favorable"), "pour"),
    **dict.fromkeys(("contre", "non", "c", "n", "against", "no", "-", "defavorable"), "contre"),
    **dict.fromkeys(
        ("abstention", "abstiens", "abstient", "abst", "abs", "a", "abstain", "neutre", "0"),
        "abstention",
    ),
}


def motion_choice(value: str) -> str:
    """« Pour », « oui », « for » → 'pour'; InvalidInput otherwise."""
    found = _MOTION_CHOICES.get(fold(value).strip(" .!"))
    if found is None:
        raise InvalidInput("decision.choice.unknown", value=value.strip()[:40])
    return found


_ANSWERS = {
    **dict.fromkeys(("oui", "o", "y", "yes", "+", "ok", "dispo", "disponible"), "y"),
    **dict.fromkeys(("peut-etre", "peutetre", "p", "m", "maybe", "?", "pe", "si-besoin"), "m"),
    **dict.fromkeys(("non", "n", "no", "-", "x", "indispo"), "n"),
}


def meeting_answer(value: str) -> str:
    """« oui » → 'y', « peut-être » → 'm', « non » → 'n'."""
    found = _ANSWERS.get(fold(value).strip(" .!").replace(" ", "-"))
    if found is None:
        raise InvalidInput("decision.answer.unknown", value=value.strip()[:40])
    return found


def poll_choice(text: str, options: tuple[OptionView, ...], max_choices: int) -> list[int]:
    """« 1 3 », « 1,3 », « Samedi », « Samedi, Dimanche » → positions."""
    by_label = {fold(o.label): o.position for o in options}
    value = (text or "").strip()
    if not value:
        raise InvalidInput("decision.poll.no_choice")
    parts = [p.strip() for p in re.split(r"[,;|]", value) if p.strip()]
    # Numbers are always positions (options « 2 | 4 | 6 »: « 2 » is the second, « 4 »).
    if not all(p.isdigit() for p in value.replace(",", " ").replace(";", " ").split()):
        whole = by_label.get(fold(value))
        if whole is not None:
            return [whole]
    if len(parts) == 1:
        parts = value.split()
    positions: list[int] = []
    for part in parts:
        if part.isdigit():
            if not 1 <= int(part) <= len(options):
                raise InvalidInput("decision.poll.bad_option", value=part[:40], count=len(options))
            positions.append(int(part))
        elif fold(part) in by_label:
            positions.append(by_label[fold(part)])
        else:
            raise InvalidInput("decision.poll.bad_option", value=part[:40], count=len(options))
    positions = sorted(set(positions))
    if len(positions) > max_choices:
        raise InvalidInput("decision.poll.too_many_choices", max=max_choices)
    return positions


def meeting_choice(text: str, options: tuple[OptionView, ...]) -> str:
    """« oui non peut-être », « 1 3 » (yes to those), « 2=peut-être » → « ynm »."""
    count = len(options)
    tokens = [t for t in re.split(r"[\s,;|]+", (text or "").strip()) if t]
    if not tokens:
        raise InvalidInput("decision.meeting.answers", count=count)
    answers = ["n"] * count
    if all(t.isdigit() for t in tokens):
        for t in tokens:
            if not 1 <= int(t) <= count:
                raise InvalidInput("decision.poll.bad_option", value=t, count=count)
            answers[int(t) - 1] = "y"
        return "".join(answers)
    if all("=" in t or ":" in t for t in tokens):
        for t in tokens:
            position, _, answer = t.replace(":", "=").partition("=")
            if not position.isdigit() or not 1 <= int(position) <= count:
                raise InvalidInput("decision.poll.bad_option", value=position, count=count)
            answers[int(position) - 1] = meeting_answer(answer)
        return "".join(answers)
    if len(tokens) != count:
        raise InvalidInput("decision.meeting.answers", count=count)
    return "".join(meeting_answer(t) for t in tokens)

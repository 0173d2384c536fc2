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
}

_MAJORITIES = {
    **dict.fromkeys(("simple", "relative", "ordinaire"), Majority.SIMPLE),
    **dict.fromkeys(("absolue", "absolute"), Majority.ABSOLUTE),
    **dict.fromkeys(
        ("2/3", "deux-tiers", "deuxtiers", "2tiers", "two-thirds", "66%"), Majority.TWO_THIRDS
    ),
    **dict.fromkeys(("unanimite", "unanime", "unanimity", "unanimous"), Majority.UNANIMITY),
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
    **{w: ("majority", m) for w, m in _MAJORITIES.items() if w not in ("relative", "66%")},
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


def _apply(choices: dict[str, object], key: str, raw: str) -> None:
    """Set one `key=value` option (key already folded and known)."""
    name = _KEYS[key]
    value = _unquote(raw)
    if not value and name != "title":
        raise InvalidInput("decision.option.bad_value", key=key, value="")
    if name == "deadline":
        choices["deadline"] = value
    elif name == "majority":
        choices["majority"] = parse_majority(value)
    elif name == "quorum":
        choices["quorum"] = parse_quorum(value)
    elif name == "secret":
        choices["secret"] = _yes_no(key, value)
    elif name == "mode":
        folded = fold(value)
        if folded in ("secret", "anonyme", "anonymous"):
            choices["secret"] = True
        elif folded in ("nominal", "public", "nomme", "named"):
            choices["secret"] = False
        else:
            raise InvalidInput("decision.option.bad_value", key=key, value=value[:40])
    elif name == "seconder":
        choices["seconder"] = _yes_no(key, value)
    elif name == "early_close":
        choices["early_close"] = _yes_no(key, value)
    elif name == "reminders":
        choices["reminders"] = _reminders(value)
    elif name == "body":
        body = _BODIES.get(fold(value))
        if body is None:
            raise InvalidInput("decision.option.bad_value", key=key, value=value[:40])
        choices["body"] = body
    elif name == "live":
        live = _LIVE.get(fold(value))
        if live is None:
            raise InvalidInput("decision.option.bad_value", key=key, value=value[:40])
        choices["live"] = live
    elif name == "max_choices":
        if not value.isdigit() or not 1 <= int(value) <= 20:
            raise InvalidInput("decision.option.bad_value", key=key, value=value[:40])
        choices["max_choices"] = int(value)
        choices["multiple"] = int(value) > 1
    elif name == "title":
        choices["title"] = value


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


def _consume(text: str, tokens: list[re.Match[str]]) -> int:
    """How many trailing tokens of `text` are options."""
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
    # Only bare words: options after punctuation, else the end of the sentence.
    before = text[: tokens[len(tokens) - count].start()]
    return count if before.rstrip().endswith(_SENTENCE_END) else 0


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
            choices[name] = value


def split_options(text: str, *, segments: bool = False) -> tuple[str, RuleChoices]:
    """Separate the options from a text; returns (text without options, choices).

    With `segments`, the text is `|`-separated (poll options) and a segment made only of
    options is consumed whole.
    """
    choices: dict[str, object] = {}
    text = text or ""
    if segments:
        parts = text.split("|")
        kept: list[str] = []
        for index, part in enumerate(parts):
            tokens = list(_TOKEN.finditer(part))
            last = index == len(parts) - 1
            # A segment of options only (never the first one: the question).
            if index > 0 and tokens and all(_classify(m.group(0)) != "text" for m in tokens):
                _apply_tokens([m.group(0) for m in tokens], choices)
                continue
            if last and tokens:
                count = _consume(part, tokens)
                if count:
                    start = tokens[len(tokens) - count].start()
                    _apply_tokens([m.group(0) for m in tokens[-count:]], choices)
                    part = part[:start]
            kept.append(part)
        rest = "|".join(kept)
    else:
        tokens = list(_TOKEN.finditer(text))
        count = _consume(text, tokens)
        trailing = tokens[len(tokens) - count :] if count else []
        rest = text[: trailing[0].start()] if trailing else text
        # Options may also lead the text: « délai=48h secret Que le CA… ».
        lead_tokens = list(_TOKEN.finditer(rest))
        lead = 0
        for m in lead_tokens:
            if _classify(m.group(0)) == "text":
                break
            lead += 1
        leading = lead_tokens[:lead]
        if leading and any(_classify(m.group(0)) in ("kv", "unknown") for m in leading):
            _apply_tokens([m.group(0) for m in leading], choices)
            rest = rest[leading[-1].end() :]
        _apply_tokens([m.group(0) for m in trailing], choices)
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

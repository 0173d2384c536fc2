"""The spelling vocabulary: candidates by relevance (same ends, close length), compact."""

from __future__ import annotations

import random

from bot.core.practices.spelling import Vocabulary, closest


def _random_words(n: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyzeeaaiioouu"
    return list(
        dict.fromkeys(
            "".join(rng.choice(letters) for _ in range(rng.randint(5, 14))) for _ in range(n)
        )
    )


def test_a_typo_finds_its_word_among_many_by_either_end():
    vocabulary = Vocabulary()
    noise = _random_words(60_000)
    vocabulary.add_chunk(len(noise), noise, 1)
    vocabulary.add_chunk(len(noise) + 2, ["sociofinancement", "infolettre"], len(noise) + 1)
    # The last letters mistyped, then the first ones: either bucket finds the word.
    assert closest("sociofinancemnt", vocabulary.candidates("sociofinancemnt"))[0] == (
        "sociofinancement"
    )
    assert closest("unfolettre", vocabulary.candidates("unfolettre"))[0] == "infolettre"
    # Candidates share an end with the word and differ in length by two at most.
    for word in vocabulary.candidates("infoletre"):
        assert word[:2] == "in" or word[-2:] == "re"
        assert 7 <= len(word) <= 11
    assert "infolettre" in vocabulary and "infolettres" not in vocabulary


def test_a_chunk_read_twice_is_added_once():
    vocabulary = Vocabulary()
    vocabulary.add([(1, "assemblee"), (2, "benevoles")])
    # Two readers of the table at once: the second one's chunk is already here.
    vocabulary.add([(1, "assemblee"), (2, "benevoles")])
    vocabulary.add([(3, "assemblees")])
    assert len(vocabulary) == 3 and vocabulary.last_id == 3
    assert vocabulary.candidates("asemblee").count("assemblee") == 1


def test_a_huge_vocabulary_stays_small_in_memory():
    vocabulary = Vocabulary()
    words = _random_words(100_000, seed=2)
    for start in range(0, len(words), 5_000):
        chunk = words[start : start + 5_000]
        vocabulary.add_chunk(start + len(chunk), chunk, start + 1)
    assert len(vocabulary) == len(words)
    # About the words' own letters (two buckets each), no Python object per word: a set
    # and two lists of str objects took 45 MB for 380,000 words, this takes under 10.
    letters = sum(len(w) + 1 for w in words)
    assert vocabulary.nbytes() < 2 * letters + 2_000_000

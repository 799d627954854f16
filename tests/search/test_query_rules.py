"""Query rules shared by both backends, checked without an index."""

from __future__ import annotations

import pytest

from search import analysis, ranking, spelling


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("truk", "truck", 1),
        ("truk", "truc", 1),
        ("bom", "bom", 0),
        ("loc", "lo", 1),
        ("ab", "ba", 2),
    ],
)
def test_edit_distance(a, b, distance):
    assert spelling.edit_distance(a, b) == distance


def test_corrections_keep_the_first_letter_and_prefer_frequent_words():
    vocabulary = {"truck": 40, "truc": 300, "trung": 900, "struck": 5000, "track": 10}
    # "trung" is two edits away, "struck" starts with another letter.
    assert spelling.corrections("truk", vocabulary) == ["truc", "truck"]


def test_long_words_may_be_two_edits_away_short_ones_not():
    assert spelling.corrections("compactr", {"compactor": 3, "compact": 9}) == [
        "compact",
        "compactor",
    ]
    assert spelling.corrections("compatcr", {"compactor": 3}) == ["compactor"]
    assert spelling.corrections("bmo", {"bom": 3}) == []


def test_a_corrected_word_can_complete_a_synonym_phrase():
    slots = analysis.slots("refuse compactor truk", spelling={"truk": ["truc", "truck"]})
    assert len(slots) == 1
    assert slots[0][0] == ("refuse", "compactor", "truck")
    assert ("xe", "ep", "rac") in slots[0]
    # Without corrections the words stay separate slots.
    assert len(analysis.slots("refuse compactor truk")) == 3


@pytest.mark.parametrize(
    ("n", "strict", "relaxed"),
    [(1, 1, 1), (2, 2, 1), (3, 2, 2), (4, 3, 2), (5, 3, 3), (6, 4, 3), (8, 5, 4)],
)
def test_minimum_match_and_its_fallback(n, strict, relaxed):
    assert ranking.minimum_match(n) == strict
    assert ranking.relaxed_match(n) == relaxed


def test_the_minimum_match_is_relaxed_only_when_too_little_is_found():
    plan = ranking.plan("bơm chìm")
    assert (plan.minmatch, plan.relaxed) == (2, 1)
    assert ranking.relax(plan, total=ranking.RELAX_BELOW) is None
    relaxed = ranking.relax(plan, total=3)
    assert relaxed is not None and relaxed.minmatch == 1
    assert ranking.relax(ranking.plan("bơm"), total=0) is None  # nothing to relax


def test_diversity_moves_a_suppliers_extra_products_down_but_not_below_weak_matches():
    # Supplier A's four presses (scores 80..68), then B's weak matches (20, 9).
    items = [("a1", "A", 80.0), ("a2", "A", 76.0), ("a3", "A", 72.0), ("a4", "A", 68.0)]
    items += [("b1", "B", 60.0), ("b2", "B", 20.0), ("b3", "B", 9.0)]
    order = [items[i][0] for i in ranking.diversify(items, per_supplier=3, window=60)]
    # a4 gives way to a close match of another supplier (b1), not to the weak ones.
    assert order == ["a1", "a2", "a3", "b1", "a4", "b2", "b3"]

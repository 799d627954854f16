"""Snippets: the words around the first match, the query's words marked."""

from search.highlight import snippet

LONG = " ".join(f"w{i}" for i in range(100))


def test_the_matches_are_marked_without_diacritics():
    assert snippet("Máy ép bùn băng tải", "may ep bun") == (
        ("Máy", True),
        (" ", False),
        ("ép", True),
        (" ", False),
        ("bùn", True),
        (" băng tải", False),
    )


def test_the_window_starts_a_little_before_the_first_match():
    text = f"{LONG} bơm chìm {LONG}"
    pieces = snippet(text, "bom", width=30)
    assert pieces[0] == ("… ", False)
    assert pieces[1] == (" ".join(f"w{i}" for i in range(90, 100)) + " ", False)
    assert pieces[2] == ("bơm", True)
    assert pieces[-1] == (" …", False)
    words = "".join(p for p, _ in pieces).strip("… ").split()
    assert len(words) == 30


def test_later_matches_inside_the_window_are_marked_and_those_after_it_are_not():
    text = f"bơm {LONG} bơm"
    pieces = snippet(text, "bơm", width=5)
    assert [p for p, hit in pieces if hit] == ["bơm"]
    pieces = snippet("bơm nước bơm nước", "bơm")
    assert [p for p, hit in pieces if hit] == ["bơm", "bơm"]


def test_no_match_gives_the_beginning_and_no_text_gives_nothing():
    pieces = snippet(LONG, "bơm", width=3)
    assert pieces == (("w0 w1 w2", False), (" …", False))
    assert snippet("", "bơm") == ()
    assert snippet("...", "bơm") == ()


def test_a_snippet_cannot_be_changed_by_its_caller():
    assert isinstance(snippet("Máy ép bùn", "bun"), tuple)

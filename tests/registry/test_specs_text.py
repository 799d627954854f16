"""New products' specifications are split from the cleaned text without checking
them again: that must give exactly the pairs a full parse gives, whatever the text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from marketplace.products.fields import _specs_text, parse_specs, split_canonical_specs

_TEXT = st.text(alphabet=st.sampled_from("ab :;\t\u00a0đĐ=-/"), max_size=40)


@given(_TEXT)
def test_the_cleaned_text_splits_into_the_parsed_pairs(text: str) -> None:
    try:
        canonical = _specs_text(text, set())
    except ValueError:
        return  # such a file is refused: no product gets these specifications
    assert split_canonical_specs(canonical) == parse_specs(text)
    assert split_canonical_specs(canonical) == parse_specs(canonical)


def test_values_with_colons_and_spaces_stay_whole() -> None:
    text = _specs_text(" Giờ mở cửa :  8:30 - 17:00 ;Kích thước: 10 x 20: cm;; ", set())
    assert text == "Giờ mở cửa: 8:30 - 17:00; Kích thước: 10 x 20: cm"
    assert split_canonical_specs(text) == [
        ("Giờ mở cửa", "8:30 - 17:00"),
        ("Kích thước", "10 x 20: cm"),
    ]
    assert split_canonical_specs("") == []

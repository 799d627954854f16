"""A search's URL parameters judged in one place, for the search page, saved
searches (marketplace/buyers) and the JSON API: each value is accepted in its
canonical form or refused with the parameter's name and what it allows, so the page
and the API never disagree about what a value means."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from marketplace.categories.queries import get_category
from marketplace.searches.certifications import canonical_certification
from marketplace.suppliers import geography
from search.base import FILTERS, SORTS, Query

# The parameters that make a search (page and type are how it is shown).
SEARCH_PARAMS = ("q", "sort", *FILTERS)
# The API names two filters as its facets are named.
API_NAMES = {"lc_band": "local_content", "cert": "certification"}
TYPES = ("product", "supplier")
MADE_IN = ("VN", "imported")
LC_BANDS = ("60-100", "30-59", "0-29", "unknown")
VERIFIED = ("yes", "no")
MAX_PAGE = 1000  # deeper pages cost a sort of every match; refine the search instead
MAX_PER_PAGE = 50
# A pasted requirement ("Cần mua hệ thống xử lý nước thải công suất 500 m3/ngày đêm,
# đạt QCVN 14:2008 …") runs to a few hundred characters.
TEXT_MAX = 500
VALUE_MAX = 200
# Tabs and line breaks are white space (a pasted requirement); other control
# characters (NUL above all: PostgreSQL refuses it in text) are never meant.
_SPACE = frozenset("\t\n\r")


@dataclass(frozen=True)
class BadParam:
    """A value refused: `name` as the caller spelled the parameter, `key` the
    search's own name for it (FILTERS, "q", "sort", "page", ...)."""

    name: str
    key: str
    value: str
    allowed: str  # in the API's words (English), e.g. "yes or no"
    control: bool = False  # refused for a control character

    @property
    def detail(self) -> str:
        if self.control:
            return f"'{self.name}' must not contain control characters"
        return f"'{self.name}' must be {self.allowed} (got {self.value!r})"


@dataclass
class JudgedSearch:
    query: Query
    type: str = "product"
    bad: list[BadParam] = field(default_factory=list)
    # The page asked for when it was a number past MAX_PAGE (the query asks page 1).
    page_asked: int | None = None


def has_control(text: str) -> bool:
    return any(unicodedata.category(c) == "Cc" and c not in _SPACE for c in text)


def _one_of(choices: tuple[str, ...]) -> str:
    return "one of " + ", ".join(choices)


def _choice(choices: tuple[str, ...]) -> Callable[[Session, str], str | None]:
    folded = {c.casefold(): c for c in choices}
    return lambda _session, value: folded.get(value.casefold())


def _category(session: Session, value: str) -> str | None:
    found = get_category(session, value)
    return found.code if found is not None else None


def _province(_session: Session, value: str) -> str | None:
    match = geography.match_province(value)
    return match.province.name if match is not None else None


def _commune(name: str, province: str | None) -> str | None:
    """The official commune name (within `province` when one is chosen); None when
    no commune has this name, or two differently named ones do."""
    chosen = geography.get_province(province) if province else None
    places = [chosen] if chosen is not None else geography.provinces()
    found = {c for p in places if (c := geography.match_commune(p, name))}
    return found.pop() if len(found) == 1 else None


def _certification(_session: Session, value: str) -> str | None:
    return canonical_certification(value) or None


# filter -> (canonical value or None, what it allows); commune is judged apart (it
# depends on the province).
_FILTER_RULES: dict[str, tuple[Callable[[Session, str], str | None], str]] = {
    "category": (_category, "a category or subcategory code (see /api/v1/categories)"),
    "province": (_province, "a Vietnamese province or city, e.g. Hà Nội"),
    "made_in": (_choice(MADE_IN), "VN (made in Vietnam) or imported"),
    "lc_band": (_choice(LC_BANDS), _one_of(LC_BANDS)),
    "cert": (_certification, "a certification, e.g. ISO 9001"),
    "verified": (_choice(VERIFIED), "yes or no"),
}


def whole_number(raw: str, lo: int, hi: int) -> int | None:
    """`raw` as a whole number from lo to hi (ASCII digits only); None otherwise."""
    value = raw.strip()
    if not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if lo <= number <= hi else None


def judge_search(
    session: Session, args: Mapping[str, str], *, per_page: int = 20, api: bool = False
) -> JudgedSearch:
    """The query these URL parameters ask for, and every value refused. The API
    answers 400 to any refused value; the page leaves it out and says so. With
    `api`, the filters go under their API names and `per_page` may be chosen."""
    names = {key: API_NAMES.get(key, key) if api else key for key in FILTERS}
    bad: list[BadParam] = []

    def refuse(key: str, name: str, value: str, allowed: str) -> None:
        bad.append(BadParam(name, key, value, allowed))

    control = {k for k, v in args.items() if has_control(k) or has_control(v)}
    bad += [BadParam(k, k, "", "", control=True) for k in sorted(control)]
    given = {k: v.strip() for k, v in args.items() if k not in control}

    text = given.get("q", "")
    if len(text) > TEXT_MAX:
        if api:  # the page's box holds TEXT_MAX characters: a longer URL is cut
            refuse("q", "q", text[:20] + "…", f"at most {TEXT_MAX} characters")
        text = cut_at_word(text, TEXT_MAX)
    filters: dict[str, str] = {}
    for key in FILTERS:
        name = names[key]
        value = given.get(name, "")
        if not value or key == "commune":
            continue
        rule, allowed = _FILTER_RULES[key]
        canonical = rule(session, value) if len(value) <= VALUE_MAX else None
        if canonical is None:
            refuse(key, name, value, allowed)
        else:
            filters[key] = canonical
    if commune := given.get("commune", ""):
        found = _commune(commune, filters.get("province"))
        if found is None:
            where = f" of {filters['province']}" if "province" in filters else ""
            refuse("commune", "commune", commune, f"a commune or ward{where}, e.g. Phường Cầu Giấy")
        else:
            filters["commune"] = found

    sort = given.get("sort") or "relevance"
    if sort not in SORTS:
        refuse("sort", "sort", sort, _one_of(SORTS))
        sort = "relevance"
    kind = given.get("type") or "product"
    if kind not in TYPES:
        refuse("type", "type", kind, "product or supplier")
        kind = "product"
    page, page_asked = 1, None
    if raw_page := given.get("page"):
        number = whole_number(raw_page, 1, 10**9)
        if number is not None and number <= MAX_PAGE:
            page = number
        else:
            refuse("page", "page", raw_page, f"a whole number from 1 to {MAX_PAGE}")
            page_asked = number
    if api and (raw := given.get("per_page")):
        chosen = whole_number(raw, 1, MAX_PER_PAGE)
        if chosen is None:
            refuse("per_page", "per_page", raw, f"a whole number from 1 to {MAX_PER_PAGE}")
        else:
            per_page = chosen
    category = filters.pop("category", None)
    query = Query(
        text=text, category=category, filters=filters, sort=sort, page=page, per_page=per_page
    )
    return JudgedSearch(query=query, type=kind, bad=bad, page_asked=page_asked)


def query_from_params(
    session: Session, args: Mapping[str, str], per_page: int
) -> tuple[Query, list[BadParam]]:
    """The query of the search page's parameters, without the values refused (and
    those values, so the page can say so)."""
    judged = judge_search(session, args, per_page=per_page)
    return judged.query, judged.bad


def cut_at_word(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, never ending inside a word."""
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    return (head.rsplit(None, 1)[0] if " " in head else head[:limit]).rstrip(" ,;:")


def search_params(args: Mapping[str, str]) -> dict[str, str]:
    """Only the parameters that define a search, without empty ones."""
    return {
        k: cut_at_word(v.strip(), TEXT_MAX)
        for k in SEARCH_PARAMS
        if (v := args.get(k) or "").strip() and not has_control(v)
    }

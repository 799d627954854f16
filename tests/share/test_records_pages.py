"""The officials' drill-down: the records behind a figure, each filter, the order,
pages that keep the filters, the count and total, a category's top suppliers and
import origins, bad filters, empty states, escaping, both languages, and who may
open every route of the share_records blueprint."""

from __future__ import annotations

import itertools
import re
import unicodedata

import pytest
from flask_babel import refresh
from sqlalchemy import func, select

from marketplace.categories.models import Target
from marketplace.share import queries, record_pages
from marketplace.share.models import SupplyRecord
from marketplace.share.queries import RecordFilters
from marketplace.share.services import delete_record, update_record
from tests.share.records_helpers import ALL_IDS, BASE, listed_ids, rows, statements, text


@pytest.fixture
def loaded(registry, load):  # type: ignore[no-untyped-def]
    load(*rows(registry["tax"]))
    refresh()  # the import ran in English: let the first request choose the language
    return registry


@pytest.fixture
def as_official(login_as):  # type: ignore[no-untyped-def]
    return login_as("official")


def _ids(client, query: str = "") -> set[str]:  # type: ignore[no-untyped-def]
    res = client.get(f"{BASE}/records?lang=en&{query}")
    assert res.status_code == 200, res.get_data(as_text=True)
    return set(listed_ids(res.get_data(as_text=True)))


def test_without_filters_every_record_is_listed_with_count_and_total(client, loaded, as_official):
    page = client.get(f"{BASE}/records?lang=en").get_data(as_text=True)
    assert set(listed_ids(page)) == ALL_IDS
    assert "Records: 11 · total value: 4,883,333,334 ₫" in text(page)


def test_filter_by_year(client, loaded, as_official):
    assert _ids(client, "year=2026") == {"N1"}


def test_filter_by_category_includes_its_subcategories(client, loaded, as_official):
    assert _ids(client, "year=2025&category=WW") == {"W1", "W2", "W3", "W4"}
    assert _ids(client, "category=ww") == {"W1", "W2", "W3", "W4", "N1"}


def test_filter_by_subcategory(client, loaded, as_official):
    assert _ids(client, "subcategory=WW-SLU") == {"W2"}
    assert _ids(client, "category=WW&subcategory=WW-AER") == {"W3"}


def test_a_subcategory_given_as_category_is_taken_as_the_subcategory(client, loaded, as_official):
    # A dashboard's subcategory row links with ?category=WW-SLU.
    page = client.get(f"{BASE}/records?lang=en&category=WW-SLU").get_data(as_text=True)
    assert listed_ids(page) == ["W2"]
    assert '<option selected value="WW-SLU">' in page


def test_filter_by_origin_country_or_all_imports(client, loaded, as_official):
    assert _ids(client, "origin=cn") == {"W3"}
    assert _ids(client, "origin=import") == {"W3", "A3", "M1"}
    assert _ids(client, "origin=VN&category=AIR") == {"A1", "A2"}


def test_filter_by_source_including_not_given(client, loaded, as_official):
    assert _ids(client, "source=survey") == {"W3", "C1"}
    assert _ids(client, "source=marketplace") == {"M1"}
    assert _ids(client, "source=none") == {"W4", "M2", "N1"}


def test_filter_by_supplier_tax_code_or_part_of_the_name(client, loaded, as_official):
    assert _ids(client, f"supplier={loaded['tax']}") == {"W2", "A1", "M1", "C1"}
    assert _ids(client, "supplier=thăng long") == {"W2", "A1", "M1", "C1"}
    assert _ids(client, "supplier=Thang Long Environment") == {"W2", "A1", "M1", "C1"}
    assert _ids(client, "supplier=nobody") == set()


@pytest.mark.parametrize(
    ("linked", "expected"),
    [
        ("product", {"W2", "A1", "M1"}),
        ("supplier", {"C1"}),
        ("any", {"W2", "A1", "M1", "C1"}),
        ("none", {"W1", "W3", "W4", "A2", "A3", "M2", "N1"}),
    ],
)
def test_filter_by_link_to_the_registry(client, loaded, as_official, linked, expected):
    assert _ids(client, f"linked={linked}") == expected


def test_free_text_finds_a_record_id_or_a_buyer(client, loaded, as_official):
    assert _ids(client, "q=w3") == {"W3"}
    assert _ids(client, "q=hoàn kiếm") == {"W1"}
    assert _ids(client, "q=PHƯỜNG HOÀN KIẾM") == {"W1"}  # capitals with diacritics too
    assert _ids(client, "q=" + unicodedata.normalize("NFD", "Hoàn Kiếm")) == {"W1"}
    assert _ids(client, "q=xanh") == {"C1"}


def test_filters_combine_and_the_total_is_of_the_filtered_set(client, loaded, as_official):
    page = client.get(f"{BASE}/records?lang=en&year=2025&category=AIR&origin=VN").get_data(
        as_text=True
    )
    assert set(listed_ids(page)) == {"A1", "A2"}
    assert "Records: 2 · total value: 1,000,000,000 ₫" in text(page)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["W1", "A3", "A1", "W3", "M1", "W2", "A2", "W4", "C1", "M2"]),
        ("value", ["W1", "A3", "A1", "W3", "M1", "W2", "A2", "W4", "C1", "M2"]),
        ("value_asc", ["M2", "C1", "W4", "A2", "W2", "M1", "W3", "A1", "W1", "A3"]),
        ("record", ["A1", "A2", "A3", "C1", "M1", "M2", "W1", "W2", "W3", "W4"]),
        ("origin", ["W3", "M1", "A3"]),  # then the seven VN ones
    ],
)
def test_sort_orders(client, loaded, as_official, sort, expected):
    page = client.get(f"{BASE}/records?lang=en&year=2025&sort={sort}").get_data(as_text=True)
    assert listed_ids(page)[: len(expected)] == expected


def test_sort_by_year_puts_the_latest_first(client, loaded, as_official):
    page = client.get(f"{BASE}/records?lang=en&sort=year").get_data(as_text=True)
    assert listed_ids(page)[0] == "N1"


def test_column_headers_sort_and_keep_the_filters(client, loaded, as_official):
    page = client.get(f"{BASE}/records?lang=en&year=2025&category=WW").get_data(as_text=True)
    header = re.search(r'<th scope="col" aria-sort="descending">\s*<a href="([^"]+)"', page)
    assert header, "the value column is marked as the sorted one"
    link = header.group(1).replace("&amp;", "&")
    assert "sort=value_asc" in link and "year=2025" in link and "category=WW" in link
    assert listed_ids(client.get(link).get_data(as_text=True)) == ["W4", "W2", "W3", "W1"]


@pytest.fixture
def many(load):  # type: ignore[no-untyped-def]
    """60 REC records in 2024 and 5 others that the filters leave out."""
    load(
        *[f"R{i:03d},2024,REC,{1_000_000 + i},VN,,,,,procurement" for i in range(60)],
        *[f"X{i},2024,COL,5000000,VN,,,,,procurement" for i in range(5)],
    )


def test_pages_keep_the_filters_and_the_order(client, many, as_official):
    page1 = client.get(f"{BASE}/records?lang=en&year=2024&category=REC&sort=record")
    html1 = page1.get_data(as_text=True)
    assert listed_ids(html1) == [f"R{i:03d}" for i in range(50)]
    assert "Records: 60" in text(html1)
    nxt = re.search(r'<a class="page-link" href="([^"]+)" rel="next">', html1)
    assert nxt, "a link to the next page"
    link = nxt.group(1).replace("&amp;", "&")
    for arg in ("year=2024", "category=REC", "sort=record", "page=2"):
        assert arg in link
    html2 = client.get(link).get_data(as_text=True)
    assert listed_ids(html2) == [f"R{i:03d}" for i in range(50, 60)]
    assert "Records: 60" in text(html2)


def test_a_page_past_the_last_says_so(client, many, as_official):
    page = client.get(f"{BASE}/records?lang=en&year=2024&page=9").get_data(as_text=True)
    assert listed_ids(page) == []
    assert "There are no records on this page." in text(page)


def test_local_content_says_where_it_comes_from(client, loaded, as_official):
    page = text(client.get(f"{BASE}/records?lang=en&year=2025&category=WW").get_data(as_text=True))
    assert "55.5%" in page and "12.25%" in page  # the records' own
    assert "product: 60.0%" in page  # W2 from P1
    assert "assumed: 100.0%" in page  # W4: VN, none given
    page = text(client.get(f"{BASE}/records?lang=en&origin=JP").get_data(as_text=True))
    assert "assumed: 0.0%" in page  # A3: an import, none given


def test_registered_suppliers_link_to_their_public_page(client, loaded, as_official):
    page = client.get(f"{BASE}/records?lang=en&q=W2").get_data(as_text=True)
    assert f'href="/suppliers/{loaded["tax"]}"' in page
    assert f'href="/suppliers/{loaded["tax"]}/products/P1"' in page
    assert "Thang Long Environment Co., Ltd." in page


def test_year_and_category_show_top_domestic_suppliers_and_import_origins(
    client, loaded, as_official
):
    page = text(client.get(f"{BASE}/records?lang=en&year=2025&category=WW").get_data(as_text=True))
    assert "WW in 2025" in page and "Total value of the category: 2,083,333,334 ₫" in page
    assert "Top domestic suppliers" in page
    assert "Thang Long Environment Co., Ltd. Records: 1 333,333,333 ₫ 16.0%" in page
    assert "CN · China Records: 1 500,000,001 ₫ 24.0%" in page


def test_a_subcategory_gets_its_own_panel(client, loaded, as_official):
    url = f"{BASE}/records?lang=en&year=2025&category=WW-AER"
    page = text(client.get(url).get_data(as_text=True))
    assert "WW-AER in 2025" in page and "Total value of the category: 500,000,001 ₫" in page
    assert "CN · China Records: 1 500,000,001 ₫ 100.0%" in page


def test_the_side_panel_needs_a_year_and_a_category(client, loaded, as_official):
    for query in ("year=2025", "category=WW"):
        page = client.get(f"{BASE}/records?lang=en&{query}").get_data(as_text=True)
        assert "Top domestic suppliers" not in page


def test_panel_without_domestic_suppliers_or_imports_says_so(client, loaded, as_official):
    page = text(client.get(f"{BASE}/records?lang=en&year=2026&category=WW").get_data(as_text=True))
    assert "No VN-made record is linked to a registered supplier." in page
    assert "No imported equipment in this category and year." in page


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("year=20x5", "Year", "20x5 is not a number"),
        ("year=1990", "Year", "must be between 2000 and"),
        ("category=XYZ", "Category", "There is no top-level category with this code."),
        ("subcategory=ZZ-Z", "Subcategory", "There is no subcategory with this code."),
        ("category=WW&subcategory=AIR-BAG", "Subcategory", "belongs to another category"),
        ("origin=XX", "Origin", "Choose a country code such as CN, or all imports."),
        ("source=fax", "Source", "Choose one of the listed sources."),
        ("linked=maybe", "Link to the registry", "Choose one of the listed options."),
        ("sort=price", "Sort by", "Choose one of the listed orders."),
    ],
)
def test_a_bad_filter_gets_a_notice_not_an_error_page(
    client, loaded, as_official, query, field, message
):
    res = client.get(f"{BASE}/records?lang=en&{query}")
    assert res.status_code == 400
    page = text(res.get_data(as_text=True))
    assert "Some filters were not understood, so no records are shown." in page
    assert f"{field}: " in page and message in page
    assert listed_ids(res.get_data(as_text=True)) == []
    for ext in ("csv", "xlsx"):
        res = client.get(f"{BASE}/records.{ext}?lang=en&{query}")
        assert res.status_code == 422
        assert "The filters were not understood; nothing was exported." in res.get_data(
            as_text=True
        )


def test_empty_states(client, registry, as_official, load):
    page = text(client.get(f"{BASE}/records?lang=en").get_data(as_text=True))
    assert "No supply records yet. Import a file or add a record." in page
    load(*rows(registry["tax"]))
    page = text(client.get(f"{BASE}/records?lang=en&year=2024").get_data(as_text=True))
    assert "No records match these filters." in page
    assert "Records: 0" in page and "Export these records" not in page


def test_html_in_a_buyer_is_shown_as_text(client, load, as_official):
    load('H1,2025,WW,1000000,VN,,,,"<script>alert(1)</script><b>UBND</b>",')
    for url in (f"{BASE}/records?lang=en", f"{BASE}/records/1?lang=en"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in page and "<b>UBND</b>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;UBND&lt;/b&gt;" in page


def test_list_in_vietnamese(client, loaded, as_official):
    page = text(client.get(f"{BASE}/records?lang=vi&year=2025&category=WW").get_data(as_text=True))
    assert "Bản ghi cung ứng" in page and "Bộ lọc" in page
    assert "Số bản ghi: 4 · tổng giá trị: 2.083.333.334 ₫" in page
    assert "sản phẩm: 60,0%" in page and "Nhà cung cấp trong nước lớn nhất" in page


def test_list_in_english(client, loaded, as_official):
    page = text(client.get(f"{BASE}/records?lang=en&year=2025&category=WW").get_data(as_text=True))
    assert "Supply records" in page and "Filters" in page
    assert "Records: 4 · total value: 2,083,333,334 ₫" in page


ROUTES = [
    ("get", "/records"),
    ("get", "/records.csv"),
    ("get", "/records.xlsx"),
    ("get", "/records/new"),
    ("post", "/records/new"),
    ("get", "/records/{pk}"),
    ("get", "/records/{pk}/edit"),
    ("post", "/records/{pk}/edit"),
    ("get", "/records/{pk}/delete"),
    ("post", "/records/{pk}/delete"),
    ("get", "/targets"),
    ("post", "/targets"),
]
FORM = {
    "record_id": "Z1",
    "year": "2025",
    "category": "WW",
    "value_vnd": "5",
    "origin": "VN",
    "min_pct": "10",
    "effective_year": "2026",
    "reason": "x",
}


def _state(session):  # type: ignore[no-untyped-def]
    session.expire_all()
    return (
        session.scalar(select(func.count(SupplyRecord.id))),
        session.scalar(select(func.sum(SupplyRecord.value_vnd))),
        session.scalar(select(func.count(Target.id))),
    )


@pytest.mark.engine_independent
@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_anonymous_is_sent_to_log_in(client, loaded, session, method, path):
    before = _state(session)
    pk = session.scalar(select(SupplyRecord.id).where(SupplyRecord.record_id == "W1"))
    url = BASE + path.format(pk=pk)
    res = getattr(client, method)(url, data=FORM)
    assert res.status_code == 302
    assert "/login" in res.headers["Location"]
    assert _state(session) == before


@pytest.mark.engine_independent
@pytest.mark.parametrize("role", ["buyer", "supplier_staff"])
@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_buyers_and_supplier_staff_are_refused(
    client, loaded, session, login_as, role, method, path
):
    login_as(role)
    before = _state(session)
    pk = session.scalar(select(SupplyRecord.id).where(SupplyRecord.record_id == "W1"))
    res = getattr(client, method)(BASE + path.format(pk=pk) + "?lang=en", data=FORM)
    assert res.status_code == 403
    assert "Only officials can do this." in res.get_data(as_text=True)
    assert _state(session) == before


def test_a_page_costs_the_same_statements_for_few_or_many_rows(
    app, client, registry, load, as_official
):
    url = f"{BASE}/records?lang=en&year=2025&category=WW"
    load(*rows(registry["tax"]))
    client.get(url)  # the user is loaded once for the test's app context
    few = statements(app, client, url)
    tax = registry["tax"]
    load(*[f"N{i:02d},2025,WW-SLU,{1000 + i},VN,,{tax},P1,Buyer {i},survey" for i in range(45)])
    assert statements(app, client, url) == few


def test_counts_from_the_aggregates_equal_counts_of_the_records(loaded, session, official):
    # The page counts from share_coverage when it can; it must match the records.
    w4 = session.scalar(select(SupplyRecord.id).where(SupplyRecord.record_id == "W4"))
    a2 = session.scalar(select(SupplyRecord.id).where(SupplyRecord.record_id == "A2"))
    raw = {"record_id": "W4", "year": "2026", "category": "WW-SLU", "value_vnd": "7",
           "origin": "VN", "supplier_tax_code": loaded["tax"], "source": "survey"}  # fmt: skip
    update_record(session, official, w4, raw)
    delete_record(session, official, a2)
    for year, category, sub, source, linked in itertools.product(
        (None, 2025, 2026),
        (None, "WW", "AIR"),
        (None, "WW-SLU"),
        (None, "survey", "none"),
        (None, "product", "supplier", "any", "none"),
    ):
        f = RecordFilters(
            year=year, category=category, subcategory=sub, source=source, linked=linked
        )
        assert record_pages.count_records(session, f) == queries.sum_records(session, f), f

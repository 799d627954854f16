"""Numbers in URLs beyond the database's integers: a page past the end, an id that
cannot exist — never a 500."""

from __future__ import annotations

HUGE = "99999999999999999999"


def test_a_huge_page_number_shows_the_last_page_not_an_error(client):
    assert client.get(f"/suppliers/?page={HUGE}").status_code == 200
    assert client.get(f"/categories/WW?page={HUGE}").status_code == 200


def test_a_huge_id_is_not_found(client, login_as):
    login_as("official")
    assert client.get(f"/officials/share/records/{HUGE}").status_code == 404
    assert client.get(f"/officials/imports/batches/{HUGE}").status_code == 404
    assert client.get(f"/officials/share/records?page={HUGE}").status_code == 200

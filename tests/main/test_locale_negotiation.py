"""Which language a page is in: ?lang=, the language switch, the signed-in user's saved
language, then the browser's Accept-Language, then Vietnamese; and caches told so."""

from __future__ import annotations

import pytest

from marketplace.accounts.models import Role
from tests.factories import make_user, sign_in

pytestmark = pytest.mark.engine_independent

ENGLISH = {"Accept-Language": "en-US,en;q=0.9"}


def _lang(response) -> str:  # type: ignore[no-untyped-def]
    html = response.get_data(as_text=True)
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


def test_a_first_visit_from_an_english_browser_is_in_english(client):
    assert _lang(client.get("/categories/", headers=ENGLISH)) == "en"


def test_a_browser_preferring_vietnamese_gets_vietnamese(client):
    headers = {"Accept-Language": "vi-VN,vi;q=0.9,en;q=0.8"}
    assert _lang(client.get("/categories/", headers=headers)) == "vi"


def test_a_browser_in_another_language_gets_vietnamese(client):
    assert _lang(client.get("/categories/", headers={"Accept-Language": "fr-FR,fr"})) == "vi"


def test_no_accept_language_gets_vietnamese(client):
    assert _lang(client.get("/categories/")) == "vi"


def test_the_language_switch_wins_over_the_browser(client):
    client.post("/language/vi", data={"next": "/"})
    assert _lang(client.get("/categories/", headers=ENGLISH)) == "vi"


def test_the_lang_parameter_wins_over_the_browser(client):
    assert _lang(client.get("/categories/?lang=vi", headers=ENGLISH)) == "vi"


def test_a_link_with_lang_followed_while_logged_out_logs_in_in_that_language(client):
    to_login = client.get("/officials/imports?lang=vi", headers=ENGLISH)
    assert to_login.status_code == 302 and "/account/login" in to_login.headers["Location"]
    assert _lang(client.get(to_login.headers["Location"], headers=ENGLISH)) == "vi"
    assert _lang(client.get("/account/login?next=/officials/", headers=ENGLISH)) == "en"


def test_a_users_saved_language_wins_over_the_browser(client, session):
    user = make_user(session, Role.BUYER)
    user.locale = "vi"
    session.commit()
    sign_in(client, session, user)
    assert _lang(client.get("/categories/", headers=ENGLISH)) == "vi"


def test_a_users_saved_english_wins_over_the_default(client, session):
    user = make_user(session, Role.BUYER)
    user.locale = "en"
    session.commit()
    sign_in(client, session, user)
    assert _lang(client.get("/categories/")) == "en"


def test_a_negotiated_page_varies_on_accept_language_and_cookie(client):
    response = client.get("/categories/", headers=ENGLISH)
    assert {"accept-language", "cookie"} <= {v.lower() for v in response.vary}

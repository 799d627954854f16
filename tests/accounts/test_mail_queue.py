"""Mail goes through the background queue: a failing mail server neither fails the
request nor tells the visitor whether the address has an account."""

from __future__ import annotations

from tests.factories import make_user


def test_a_failing_mail_server_does_not_fail_the_request(make_app):
    # Port 9 (discard) on localhost refuses connections: every delivery attempt fails.
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=9)
    client = app.test_client()
    from marketplace.db import new_session

    with app.app_context(), new_session(app) as session:
        make_user(session, email="co@example.vn")
        session.commit()
    known = client.post("/account/forgot-password", data={"email": "co@example.vn"})
    unknown = client.post("/account/forgot-password", data={"email": "khong@example.vn"})
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]

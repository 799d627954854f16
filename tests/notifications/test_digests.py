"""Digest kinds: queued, then at most one e-mail per user per hour listing everything
pending, in the user's language (settable clock)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.db import utcnow
from marketplace.notifications import digests, messages, preferences, services
from marketplace.notifications.models import DigestItem, Notification
from marketplace.notifications.tasks import send_digests_periodically
from tests.factories import make_user
from tests.verification.helpers import outbox

KIND = "test.rfq_invited"


def _render(p):
    from flask_babel import gettext as _

    return _("Hello,") + " " + p["title"]


messages.register(KIND, _render, group="rfqs", digest=True)


def _invite(session, users, title, link="/rfqs/1"):
    services.deliver(session, users, KIND, {"title": title}, link)
    session.commit()


def test_two_invitations_in_the_same_hour_make_one_email_a_later_one_a_second(app, session):
    user = make_user(session, Role.SUPPLIER_STAFF)
    t0 = utcnow()
    _invite(session, [user], "Máy ép bùn 1", "/rfqs/1")
    _invite(session, [user], "Máy ép bùn 2", "/rfqs/2")
    assert outbox(app) == []  # nothing at once
    assert len(session.scalars(select(Notification)).all()) == 2  # the bell has them now
    assert digests.send_due(session, now=t0) == 1
    [mail] = outbox(app)
    body = mail.get_content()
    assert "Máy ép bùn 1" in body and "Máy ép bùn 2" in body
    assert "http://localhost/rfqs/1" in body and "http://localhost/rfqs/2" in body
    assert mail["Subject"] == "Công nghiệp Xanh Hà Nội: 2 thông báo mới"
    assert digests.send_due(session, now=t0 + timedelta(minutes=5)) == 0  # nothing pending
    _invite(session, [user], "Máy ép bùn 3", "/rfqs/3")
    assert digests.send_due(session, now=t0 + timedelta(minutes=59)) == 0  # within the hour
    assert len(outbox(app)) == 1
    assert digests.send_due(session, now=t0 + timedelta(minutes=60)) == 1  # the hour is over
    second = next(m.get_content() for m in outbox(app) if m.get_content() != body)
    assert "Máy ép bùn 3" in second and "Máy ép bùn 1" not in second
    assert digests.send_due(session, now=t0 + timedelta(hours=3)) == 0


def test_each_user_gets_their_own_digest_in_their_language(app, session):
    vi = make_user(session, Role.SUPPLIER_STAFF)
    en = make_user(session, Role.SUPPLIER_STAFF)
    en.locale = "en"
    session.commit()
    _invite(session, [vi, en], "Bể lắng")
    assert digests.send_due(session) == 2
    mails = {m["To"]: m for m in outbox(app)}
    assert "Xin chào, Bể lắng" in mails[vi.email].get_content()
    assert "Đây là những việc mới" in mails[vi.email].get_content()
    assert "Hello, Bể lắng" in mails[en.email].get_content()
    assert mails[en.email]["Subject"] == "Hanoi Green Industry: 1 new notice"


def test_one_users_recent_digest_does_not_hold_back_anothers(app, session):
    first = make_user(session, Role.SUPPLIER_STAFF)
    second = make_user(session, Role.SUPPLIER_STAFF)
    t0 = utcnow()
    _invite(session, [first], "A")
    digests.send_due(session, now=t0)
    _invite(session, [first, second], "B")
    assert digests.send_due(session, now=t0 + timedelta(minutes=10)) == 1
    assert [m["To"] for m in outbox(app)].count(second.email) == 1


def test_a_user_who_switched_the_group_off_gets_no_digest(app, session):
    user = make_user(session, Role.SUPPLIER_STAFF)
    preferences.set_email_choices(session, user, {"rfqs": False})
    _invite(session, [user], "Không gửi")
    assert session.scalars(select(DigestItem)).all() == []
    assert digests.send_due(session) == 0 and outbox(app) == []
    # Switched off after queueing: marked sent, no mail.
    preferences.set_email_choices(session, user, {"rfqs": True})
    _invite(session, [user], "Rồi tắt")
    preferences.set_email_choices(session, user, {"rfqs": False})
    assert digests.send_due(session) == 0 and outbox(app) == []
    assert all(i.sent_at for i in session.scalars(select(DigestItem)))


def test_the_periodic_task_sends_due_digests(app, session):
    user = make_user(session, Role.SUPPLIER_STAFF)
    _invite(session, [user], "Theo lịch")
    with app.app_context():
        send_digests_periodically.call_local()
    assert [m["To"] for m in outbox(app)] == [user.email]


# A kind whose items are relevant while their id is in OPEN (a stand-in for "the
# invitation still exists and the request is open").
CHECKED = "test.checked_invited"
OPEN: set[int] = set()
messages.register(
    CHECKED,
    _render,
    group="rfqs",
    digest=True,
    still_relevant=lambda session, user_id, p: p["rfq"] in OPEN,
)


def test_identical_pending_items_are_listed_once(app, session):
    user = make_user(session, Role.SUPPLIER_STAFF)
    # Removed and invited again: the same notice twice.
    _invite(session, [user], "Máy ép bùn", "/rfqs/7")
    _invite(session, [user], "Máy ép bùn", "/rfqs/7")
    _invite(session, [user], "Máy ép bùn", "/rfqs/8")  # another link: another item
    assert digests.send_due(session) == 1
    [mail] = outbox(app)
    assert mail.get_content().count("Máy ép bùn") == 2
    assert mail["Subject"] == "Công nghiệp Xanh Hà Nội: 2 thông báo mới"


def test_items_no_longer_relevant_are_dropped_and_not_retried(app, session):
    user = make_user(session, Role.SUPPLIER_STAFF)
    OPEN.clear()
    OPEN.add(1)
    for rfq in (1, 2):
        services.deliver(session, [user], CHECKED, {"title": f"RFQ-{rfq}", "rfq": rfq}, "/r")
    session.commit()
    t0 = utcnow()
    assert digests.send_due(session, now=t0) == 1
    [mail] = outbox(app)
    assert "RFQ-1" in mail.get_content() and "RFQ-2" not in mail.get_content()
    assert session.scalars(select(DigestItem).where(DigestItem.sent_at.is_(None))).all() == []
    OPEN.add(2)  # even if it became relevant again, the dropped item is gone
    assert digests.send_due(session, now=t0 + timedelta(hours=2)) == 0


def test_a_digest_of_only_stale_items_sends_nothing_and_holds_nothing_back(app, session):
    user = make_user(session, Role.SUPPLIER_STAFF)
    OPEN.clear()
    services.deliver(session, [user], CHECKED, {"title": "Cũ", "rfq": 5}, "/r")
    session.commit()
    t0 = utcnow()
    assert digests.send_due(session, now=t0) == 0
    assert outbox(app) == []
    OPEN.add(6)
    services.deliver(session, [user], CHECKED, {"title": "Mới", "rfq": 6}, "/r")
    session.commit()
    # No digest went out, so the next one need not wait for the hour.
    assert digests.send_due(session, now=t0 + timedelta(minutes=5)) == 1

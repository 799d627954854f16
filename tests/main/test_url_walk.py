"""Every route of the app, for every kind of visitor: who may open it, and what everyone
else gets, from ONE table (EXPECTED).

Each rule of `app.url_map` is requested by an anonymous visitor, a buyer, the staff of
supplier A, the staff of supplier B, an official and an admin, with path arguments taken
from supplier A's objects (so B's staff is "the other supplier"). GET where the rule has
it; a POST-only rule gets an empty POST, sent only to those who must be refused (an
allowed POST would change the objects the rest of the walk uses).

The routes that point at supplier A's objects are walked once more with A suspended
(hidden from the public): `Expect.hidden` says what they give then.

A route missing from EXPECTED fails the walk: classify every new route here."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask, url_for
from sqlalchemy.orm import Session
from werkzeug.routing import Rule

from marketplace.accounts.models import Invitation, Role, User
from marketplace.attachments.models import Attachment
from marketplace.buyers.models import SavedSearch, ShortlistItem
from marketplace.db import new_session
from marketplace.imports.models import ImportBatch, ImportUpload, UploadStatus
from marketplace.inquiries.models import Inquiry, InquiryMessage
from marketplace.jobs.models import Job, JobStatus
from marketplace.notifications.models import Notification
from marketplace.products.models import Product, ProductPhoto
from marketplace.rfqs.models import Quote, QuoteAttachment, QuoteState, Rfq, RfqInvitation, RfqState
from marketplace.share.models import SupplyRecord
from marketplace.suppliers.models import Supplier, VerificationState
from marketplace.verification.models import DocumentKind, VerificationDocument
from tests.factories import make_product, make_supplier, make_user, sign_in

pytestmark = pytest.mark.engine_independent

ANON, BUYER, STAFF_A, STAFF_B, OFFICIAL, ADMIN = (
    "anonymous",
    "buyer",
    "staff_a",
    "staff_b",
    "official",
    "admin",
)
ROLES = (ANON, BUYER, STAFF_A, STAFF_B, OFFICIAL, ADMIN)
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {ANON}
OFFICIALS = frozenset({OFFICIAL, ADMIN})
SUPPLIER_A = frozenset({STAFF_A, OFFICIAL, ADMIN})  # may change supplier A and its products
LOGIN = "redirect to login"


@dataclass(frozen=True)
class Expect:
    """`allowed` get `ok`; the others get `denied`, and an anonymous visitor
    `anonymous` (by default the redirect to the login page)."""

    allowed: frozenset[str]
    ok: int = 200
    denied: int = 403
    anonymous: int | str = LOGIN
    args: dict[str, object] = field(default_factory=dict)  # beyond the defaults below
    # Parameters (path or query) taken from other objects of the world: name -> world arg.
    refs: dict[str, str] = field(default_factory=dict)
    hidden: Expect | None = None  # with supplier A suspended, if that changes anything

    def outcome(self, role: str) -> int | str:
        if role in self.allowed:
            return self.ok
        return self.anonymous if role == ANON else self.denied


NOBODY: frozenset[str] = frozenset()
PUBLIC = Expect(EVERYONE)
OFFICIALS_ONLY = Expect(OFFICIALS)
# A suspended supplier and its products: only those who may edit it see them.
EDITORS_ELSE_404 = Expect(SUPPLIER_A, denied=404, anonymous=404)
# The open-data API shows public suppliers only, to everyone alike.
API_HIDDEN = Expect(NOBODY, denied=404, anonymous=404)
# Arguments that point at supplier A or its objects.
SUPPLIER_A_ARGS = {"tax_code", "sku", "photo_id", "filename"}

EXPECTED: dict[str, Expect] = {
    # --- public pages and the open-data API ---
    "static": Expect(EVERYONE, args={"filename": "css/app.css"}),
    "main.home": PUBLIC,
    "main.health": PUBLIC,
    "main.set_language": Expect(EVERYONE, ok=302, args={"code": "en"}),
    "categories.index": PUBLIC,
    "categories.detail": Expect(EVERYONE, args={"code": "WW"}),
    "suppliers.index": PUBLIC,
    "suppliers.detail": Expect(EVERYONE, hidden=EDITORS_ELSE_404),
    "products.detail": Expect(EVERYONE, hidden=EDITORS_ELSE_404),
    # Photos are served by their random file names, whatever the supplier's state.
    "products.upload": PUBLIC,
    "searches.results": PUBLIC,
    "share.summary": PUBLIC,
    "share.methodology": PUBLIC,
    "api.categories": PUBLIC,
    "api.communes": Expect(EVERYONE, args={"name": "Hà Nội"}),
    "api.openapi": PUBLIC,
    "api.search": PUBLIC,
    "api.suggest": PUBLIC,
    "api.share": PUBLIC,
    "api.supplier": Expect(EVERYONE, hidden=API_HIDDEN),
    "api.supplier_products": Expect(EVERYONE, hidden=API_HIDDEN),
    "api.product": Expect(EVERYONE, hidden=API_HIDDEN),
    # --- accounts ---
    "accounts.login": PUBLIC,
    "accounts.logout": Expect(EVERYONE, ok=302),
    "accounts.signup": PUBLIC,
    "accounts.forgot_password": PUBLIC,
    # A link that is not valid says so on the forgot-password page.
    "accounts.reset_password": Expect(EVERYONE, ok=302),
    "accounts.change_password": Expect(SIGNED_IN),
    "accounts.sessions_page": Expect(SIGNED_IN),
    "accounts.end_session": Expect(NOBODY, denied=404, args={"session_id": 10**6}),
    "accounts.end_other_sessions": Expect(SIGNED_IN, ok=302),
    # Invitations: administrators, and the staff of a registered company.
    "accounts.invitations_page": Expect(frozenset({STAFF_A, STAFF_B, ADMIN})),
    "accounts.revoke_invitation": Expect(frozenset({ADMIN}), ok=302),
    "accounts.accept_invitation": Expect(EVERYONE, ok=410, args={"token": "not-an-invitation"}),
    # Accounts: officials see them and link users to suppliers; administrators manage.
    "accounts.users": OFFICIALS_ONLY,
    "accounts.user_detail": Expect(OFFICIALS, args={"user_id": 1}),
    "accounts.change_role": Expect(frozenset({ADMIN}), ok=302, args={"user_id": 1}),
    "accounts.set_active": Expect(
        frozenset({ADMIN}), ok=302, args={"user_id": 1, "action": "deactivate"}
    ),
    "accounts.end_user_sessions": Expect(frozenset({ADMIN}), ok=302, args={"user_id": 1}),
    "accounts.link_supplier": Expect(OFFICIALS, ok=302, args={"user_id": 1}),
    "accounts.unlink_supplier": Expect(OFFICIALS, ok=302, args={"user_id": 1}),
    # --- a supplier's own profile and products ---
    # Staff who already have a company are sent to it; only such staff may create one.
    "suppliers.create": Expect(frozenset({STAFF_A, STAFF_B}), ok=302),
    "suppliers.mine": Expect(SIGNED_IN, ok=302),
    "suppliers.edit": Expect(SUPPLIER_A),
    "products.create": Expect(SUPPLIER_A),
    "products.edit": Expect(SUPPLIER_A),
    "products.set_active": Expect(SUPPLIER_A, ok=302, args={"action": "withdraw"}),
    "products.add_photo": Expect(SUPPLIER_A, ok=302),
    "products.delete_photo": Expect(SUPPLIER_A, ok=302),
    # --- background jobs: the one who started it (staff A here) and officials ---
    "jobs.status": Expect(SUPPLIER_A, anonymous=403),
    "jobs.page": Expect(SUPPLIER_A, anonymous=403),
    # --- officials ---
    "officials.workspace": OFFICIALS_ONLY,
    "officials.imports": OFFICIALS_ONLY,
    "officials.upload": OFFICIALS_ONLY,
    "officials.upload_errors": OFFICIALS_ONLY,
    "officials.confirm": OFFICIALS_ONLY,
    "officials.recheck": OFFICIALS_ONLY,
    "officials.cancel": OFFICIALS_ONLY,
    "officials.batch": OFFICIALS_ONLY,
    "officials.revert": OFFICIALS_ONLY,
    "officials.template": Expect(OFFICIALS, args={"name": "suppliers", "ext": "csv"}),
    "share.dashboard": OFFICIALS_ONLY,
    "share.dashboard_file": Expect(OFFICIALS, args={"ext": "csv"}),
    "share_records.records": OFFICIALS_ONLY,
    "share_records.records_csv": OFFICIALS_ONLY,
    "share_records.records_xlsx": OFFICIALS_ONLY,
    "share_records.new_record": OFFICIALS_ONLY,
    "share_records.record": OFFICIALS_ONLY,
    "share_records.edit_record": OFFICIALS_ONLY,
    "share_records.delete_record": OFFICIALS_ONLY,
    "share_records.targets": OFFICIALS_ONLY,
    "share_report.report": OFFICIALS_ONLY,
    "share_report.report_pdf": OFFICIALS_ONLY,
    # --- the audit trail: officials; a supplier's history also for its staff ---
    "audit.index": OFFICIALS_ONLY,
    "audit.event": Expect(OFFICIALS, args={"event_id": 1}),
    "audit.export_csv": OFFICIALS_ONLY,
    "audit.supplier_history": Expect(SUPPLIER_A),
    # --- verification: the supplier's staff ask, officials decide ---
    "verification.request_page": Expect(SUPPLIER_A),
    "verification.submit": Expect(SUPPLIER_A, ok=302),
    "verification.delete_document": Expect(SUPPLIER_A, ok=302, denied=404),
    "verification.publish_document": Expect(SUPPLIER_A, ok=302, denied=404),
    # A private document does not exist for anyone else.
    "verification.open_document": Expect(SUPPLIER_A, denied=404, anonymous=404),
    "verification.queue": OFFICIALS_ONLY,
    "verification.expiring": OFFICIALS_ONLY,
    "verification.review": OFFICIALS_ONLY,
    "verification.decide": Expect(OFFICIALS, ok=302, args={"action": "approve"}),
    # --- data quality and statistics: officials ---
    "quality.duplicates_list": OFFICIALS_ONLY,
    "quality.dismiss": Expect(OFFICIALS, ok=302),
    # Supplier B merged into supplier A (the page asks for confirmation).
    "quality.merge": Expect(OFFICIALS, refs={"keep": "supplier_a_id", "merge": "supplier_b_id"}),
    "quality.merges_list": OFFICIALS_ONLY,
    "quality.merge_detail": Expect(OFFICIALS, ok=404, args={"merge_id": 10**6}),
    "quality.undo": Expect(OFFICIALS, ok=404, args={"merge_id": 10**6}),
    "quality.stale": OFFICIALS_ONLY,
    "quality.incomplete": OFFICIALS_ONLY,
    "statistics.index": OFFICIALS_ONLY,
    "statistics.download": Expect(OFFICIALS, args={"key": "category", "ext": "csv"}),
    "statistics.verified_suppliers": Expect(OFFICIALS, args={"ext": "xlsx"}),
    # --- a supplier's own catalogue: its staff and officials ---
    "catalogue.mine": Expect(frozenset({STAFF_A, STAFF_B}), ok=302, denied=404),
    "catalogue.index": Expect(SUPPLIER_A),
    "catalogue.download": Expect(SUPPLIER_A, args={"ext": "csv"}),
    "catalogue.template": Expect(SUPPLIER_A, args={"ext": "xlsx"}),
    "catalogue.upload": Expect(SUPPLIER_A, refs={"upload_id": "catalogue_upload_id"}),
    "catalogue.upload_errors": Expect(SUPPLIER_A, refs={"upload_id": "catalogue_upload_id"}),
    "catalogue.confirm": Expect(SUPPLIER_A, ok=302, refs={"upload_id": "catalogue_upload_id"}),
    "catalogue.recheck": Expect(SUPPLIER_A, ok=302, refs={"upload_id": "catalogue_upload_id"}),
    "catalogue.cancel": Expect(SUPPLIER_A, ok=302, refs={"upload_id": "catalogue_upload_id"}),
    "catalogue.batch": Expect(SUPPLIER_A, refs={"batch_id": "catalogue_batch_id"}),
    "products.delete": Expect(SUPPLIER_A),
    "products.make_cover": Expect(SUPPLIER_A, ok=302),
    "products.move_photo": Expect(SUPPLIER_A, ok=302, args={"direction": "later"}),
    # --- notices: one's own (staff A's here); another's does not exist ---
    "notifications.index": Expect(SIGNED_IN),
    "notifications.read": Expect(frozenset({STAFF_A}), ok=302, denied=404),
    "notifications.read_all": Expect(SIGNED_IN, ok=302),
    # --- inquiries: buyers write; the buyer and supplier A's staff are its parties, and
    # for everyone else it does not exist (officials read no messages) ---
    # Supplier staff and officials are told why they cannot; a hidden supplier is 404.
    "inquiries.new": Expect(frozenset({BUYER}), hidden=Expect(frozenset({BUYER}), ok=404)),
    "inquiries.thread": Expect(frozenset({BUYER, STAFF_A}), denied=404),
    "inquiries.attachment": Expect(frozenset({BUYER, STAFF_A}), denied=404),
    "inquiries.close": Expect(frozenset({BUYER, STAFF_A}), ok=302, denied=404),
    # Staff A may not reopen (403, tested in tests/inquiries); POSTs are not sent to parties.
    "inquiries.reopen": Expect(frozenset({BUYER, STAFF_A}), ok=302, denied=404),
    "inquiries.index": Expect(SIGNED_IN),
    "inquiries.inbox": Expect(frozenset({STAFF_A, STAFF_B})),
    "notifications.settings": Expect(SIGNED_IN),
    # --- buyers: the comparison is anyone's (in their session); the shortlist and
    # saved searches are one's own (the buyer's here); another's does not exist ---
    "buyers.compare_page": PUBLIC,
    "buyers.compare_add": Expect(EVERYONE, ok=302, refs={"product_id": "product_a_id"}),
    "buyers.compare_remove": Expect(EVERYONE, ok=302, refs={"product_id": "product_a_id"}),
    "buyers.compare_clear": Expect(EVERYONE, ok=302),
    "buyers.shortlist_page": Expect(SIGNED_IN),
    "buyers.shortlist_add": Expect(
        SIGNED_IN, ok=302, args={"kind": "product"}, refs={"target_id": "product_a_id"}
    ),
    "buyers.shortlist_remove": Expect(
        SIGNED_IN, ok=302, args={"kind": "product"}, refs={"target_id": "product_a_id"}
    ),
    "buyers.shortlist_note": Expect(
        frozenset({BUYER}), ok=302, denied=404, refs={"item_id": "shortlist_item_id"}
    ),
    "buyers.saved_searches_page": Expect(SIGNED_IN),
    "buyers.requests_page": Expect(frozenset({BUYER})),
    "buyers.save_search": Expect(SIGNED_IN, ok=302),
    "buyers.open_search": Expect(
        frozenset({BUYER}), ok=302, denied=404, refs={"search_id": "saved_search_id"}
    ),
    "buyers.rename_search": Expect(
        frozenset({BUYER}), ok=302, denied=404, refs={"search_id": "saved_search_id"}
    ),
    "buyers.search_alerts": Expect(
        frozenset({BUYER}), ok=302, denied=404, refs={"search_id": "saved_search_id"}
    ),
    "buyers.delete_search": Expect(
        frozenset({BUYER}), denied=404, refs={"search_id": "saved_search_id"}
    ),
    # --- requests for quotation: the buyer's, to which supplier A is invited and quoted;
    # to everyone else (supplier B included) it does not exist ---
    "rfqs.index": Expect(frozenset({BUYER})),
    "rfqs.new": Expect(frozenset({BUYER})),
    "rfqs.edit": Expect(frozenset({BUYER}), ok=409, denied=404),  # published: no edit
    "rfqs.detail": Expect(frozenset({BUYER, STAFF_A}), denied=404),
    "rfqs.publish": Expect(frozenset({BUYER}), ok=302, denied=404),
    "rfqs.close": Expect(frozenset({BUYER}), ok=302, denied=404),
    "rfqs.cancel": Expect(frozenset({BUYER}), ok=302, denied=404),
    "rfqs.remove_invitation": Expect(
        frozenset({BUYER}), ok=302, denied=404, refs={"supplier_id": "supplier_a_id"}
    ),
    "rfqs.add_invitation": Expect(frozenset({BUYER}), denied=404),
    "rfqs.compare": Expect(frozenset({BUYER}), denied=404),
    "rfqs.award": Expect(frozenset({BUYER}), denied=404),
    "rfqs.inbox": Expect(frozenset({STAFF_A, STAFF_B}), denied=404),
    "rfqs.submit_quote": Expect(frozenset({STAFF_A}), ok=302, denied=404),
    "rfqs.withdraw_quote": Expect(frozenset({STAFF_A}), ok=302, denied=404),
    "rfqs.quote": Expect(frozenset({BUYER, STAFF_A}), denied=404),
    "rfqs.quote_file": Expect(
        frozenset({BUYER, STAFF_A}), denied=404, refs={"attachment_id": "quote_attachment_id"}
    ),
    "rfqs.thread": Expect(
        frozenset({BUYER, STAFF_A}), denied=404, refs={"supplier_id": "supplier_a_id"}
    ),
    # Officials read the summary of an awarded request, nothing else of it.
    "rfqs.official_summary": Expect(OFFICIALS, refs={"rfq_id": "awarded_rfq_id"}),
}


@dataclass
class World:
    """The objects the walk's path arguments point at, and who signs in as each role."""

    args: dict[str, object]
    user_ids: dict[str, int]
    supplier_a: int


def _build(app: Flask) -> World:
    with app.app_context(), new_session(app) as s:
        a = make_supplier(s, name="Công ty A")
        b = make_supplier(s, name="Công ty B")
        users = {
            BUYER: make_user(s, Role.BUYER),
            STAFF_A: make_user(s, Role.SUPPLIER_STAFF, supplier=a),
            STAFF_B: make_user(s, Role.SUPPLIER_STAFF, supplier=b),
            OFFICIAL: make_user(s, Role.OFFICIAL),
            ADMIN: make_user(s, Role.ADMIN),
        }
        product_a = make_product(s, a)
        make_product(s, b)
        photo = ProductPhoto(
            product=product_a, filename="walk.jpg", thumb_filename="walk-t.jpg", width=1, height=1
        )
        job = Job(id=uuid.uuid4().hex, kind="walk", owner_id=users[STAFF_A].id)
        job.status = JobStatus.SUCCEEDED
        upload = ImportUpload(
            id=uuid.uuid4().hex,
            kind="registry",
            owner_id=users[OFFICIAL].id,
            files=[],
            status=UploadStatus.CANCELLED,
        )
        batch = ImportBatch(
            kind="registry",
            actor_id=users[OFFICIAL].id,
            actor_label="official@example.vn",
            files="suppliers.csv",
            sha256="0" * 64,
            counts={},
        )
        record = SupplyRecord(
            record_id="WALK-1", year=2024, category_code="WW", value_vnd=1000, origin="VN"
        )
        document = VerificationDocument(
            supplier=a,
            kind=DocumentKind.BUSINESS_REGISTRATION,
            title="giay-phep.pdf",
            stored_name=f"{uuid.uuid4().hex}.pdf",
            content_type="application/pdf",
            size=9,
        )
        notice = Notification(user_id=users[STAFF_A].id, kind="walk", params={})
        invitation = Invitation(
            token_hash="0" * 64,
            email="moi@so.hanoi.gov.vn",
            role=Role.OFFICIAL,
            invited_by_id=users[ADMIN].id,
            expires_at=datetime(2100, 1, 1),
        )
        catalogue_upload = ImportUpload(
            id=uuid.uuid4().hex,
            kind="catalogue",
            owner_id=users[STAFF_A].id,
            supplier_id=a.id,
            files=[],
            status=UploadStatus.CANCELLED,
        )
        catalogue_batch = ImportBatch(
            kind="catalogue",
            supplier_id=a.id,
            actor_id=users[STAFF_A].id,
            actor_label="staff-a@example.vn",
            files="products.csv",
            sha256="0" * 64,
            counts={},
        )
        inquiry = Inquiry(buyer_id=users[BUYER].id, supplier_id=a.id, subject="Hỏi giá")
        attachment = Attachment(
            stored_name=f"{uuid.uuid4().hex}.pdf",
            title="ban-ve.pdf",
            content_type="application/pdf",
            size=9,
        )
        message = InquiryMessage(inquiry=inquiry, author_id=users[BUYER].id, body="Xin báo giá")
        message.attachments = [attachment]
        saved_search = SavedSearch(user_id=users[BUYER].id, name="walk", params={"q": "bùn"})
        shortlist_item = ShortlistItem(user_id=users[BUYER].id, product_id=product_a.id)
        s.add_all(
            [photo, job, upload, batch, record, document, notice, invitation]
            + [catalogue_upload, catalogue_batch, inquiry, message]
            + [saved_search, shortlist_item]
        )
        s.commit()
        files = Path(app.config["ATTACHMENTS_FOLDER"])
        files.mkdir(parents=True, exist_ok=True)
        (files / attachment.stored_name).write_bytes(b"%PDF-1.4\n")
        rfq_args = _rfq_world(app, s, users, a, product_a)
        docs = Path(app.config["DOCUMENTS_FOLDER"])
        docs.mkdir(parents=True, exist_ok=True)
        (docs / document.stored_name).write_bytes(b"%PDF-1.4\n")
        folder = Path(app.config["UPLOAD_FOLDER"])
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "walk-t.jpg").write_bytes(b"\xff\xd8\xff")
        return World(
            args={
                "tax_code": a.tax_code,
                "sku": product_a.sku,
                "photo_id": photo.id,
                "filename": photo.thumb_filename,
                "job_id": job.id,
                "upload_id": upload.id,
                "batch_id": batch.id,
                "pk": record.id,
                "token": "not-a-reset-token",
                "document_id": document.id,
                "notification_id": notice.id,
                "invitation_id": invitation.id,
                "supplier_a_id": a.id,
                "catalogue_upload_id": catalogue_upload.id,
                "catalogue_batch_id": catalogue_batch.id,
                "supplier_b_id": b.id,
                "inquiry_id": inquiry.id,
                "attachment_id": attachment.id,
                "product_a_id": product_a.id,
                "saved_search_id": saved_search.id,
                "shortlist_item_id": shortlist_item.id,
                **rfq_args,
            },
            user_ids={role: user.id for role, user in users.items()},
            supplier_a=a.id,
        )


def _rfq_world(
    app: Flask, s: Session, users: dict[str, User], a: Supplier, product: Product
) -> dict[str, object]:
    """An open request of the buyer with supplier A invited and quoted (a file
    attached), and an awarded one for the officials' summary."""
    rfq = Rfq(
        buyer_id=users[BUYER].id,
        category_code="WW-SLU",
        title="Máy ép bùn",
        quantity=1,
        unit="bộ",
        delivery_commune="Phường Cầu Giấy",
        deadline=datetime(2100, 1, 1),
        state=RfqState.OPEN,
    )
    awarded = Rfq(
        buyer_id=users[BUYER].id,
        category_code="WW",
        title="Đã trao",
        quantity=1,
        unit="bộ",
        delivery_commune="Phường Cầu Giấy",
        deadline=datetime(2020, 1, 1),
        state=RfqState.AWARDED,
        contract_value_vnd=5,
        delivery_year=2024,
    )
    s.add_all([rfq, awarded])
    s.flush()
    quotes = [
        Quote(
            rfq_id=r.id,
            supplier_id=a.id,
            state=state,
            price_vnd=9,
            lead_time_days=1,
            local_content_pct=50,
            origin="VN",
            warranty_months=12,
            product_id=product.id,
        )
        for r, state in ((rfq, QuoteState.SUBMITTED), (awarded, QuoteState.WON))
    ]
    s.add_all([RfqInvitation(rfq_id=rfq.id, supplier_id=a.id), *quotes])
    attachment = Attachment(
        stored_name=f"{uuid.uuid4().hex}.pdf",
        title="bao-gia.pdf",
        content_type="application/pdf",
        size=9,
    )
    s.add(attachment)
    s.flush()
    s.add(QuoteAttachment(quote_id=quotes[0].id, attachment_id=attachment.id))
    s.commit()
    folder = Path(app.config["ATTACHMENTS_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / attachment.stored_name).write_bytes(b"%PDF-1.4\n")
    return {
        "rfq_id": rfq.id,
        "quote_id": quotes[0].id,
        "quote_attachment_id": attachment.id,
        "awarded_rfq_id": awarded.id,
    }


def _suspend_supplier_a(app: Flask, world: World) -> None:
    with app.app_context(), new_session(app) as s:
        supplier = s.get(Supplier, world.supplier_a)
        assert supplier is not None
        supplier.state = VerificationState.SUSPENDED
        s.commit()


def _rules(app: Flask) -> list[Rule]:
    return sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint, r.rule))


def _method(rule: Rule) -> str:
    return "GET" if "GET" in (rule.methods or ()) else "POST"


def _url(app: Flask, rule: Rule, world: World, expect: Expect) -> str:
    values = {**world.args, **expect.args}
    with app.test_request_context():
        values.update({name: world.args[arg] for name, arg in expect.refs.items()})
        query = {name: values[name] for name in expect.refs if name not in rule.arguments}
        return url_for(rule.endpoint, **{name: values[name] for name in rule.arguments}, **query)


def _seen(status: int, location: str | None) -> int | str:
    if status in (301, 302, 303) and urlsplit(location or "").path == "/account/login":
        return LOGIN
    return status


def walk(app: Flask, world: World, role: str, hidden: bool = False) -> Iterator[str]:
    """Every difference between what `role` gets and what EXPECTED says (with
    `hidden`, on the routes that point at supplier A, now suspended)."""
    client = app.test_client()
    if role != ANON:
        with app.app_context(), new_session(app) as s:
            user = s.get(User, world.user_ids[role])
            assert user is not None
            sign_in(client, s, user)
    for rule in _rules(app):
        expect = EXPECTED.get(rule.endpoint)
        if expect is None:
            yield f"{rule.endpoint} ({rule.rule}) has no entry in EXPECTED"
            continue
        if hidden:
            if not SUPPLIER_A_ARGS & set(rule.arguments):
                continue
            expect = replace(expect.hidden or expect, args=expect.args, refs=expect.refs)
        method = _method(rule)
        if method == "POST" and role in expect.allowed:
            continue
        url = _url(app, rule, world, expect)
        response = client.open(url, method=method)
        got = _seen(response.status_code, response.headers.get("Location"))
        response.close()  # sent files (static, photos) are streamed from open files
        wanted = expect.outcome(role)
        if got != wanted:
            who = f"{role} (A hidden)" if hidden else role
            yield f"{who}: {method} {url} ({rule.endpoint}) gave {got}, expected {wanted}"


@pytest.fixture
def world(app: Flask) -> World:
    return _build(app)


def test_every_route_is_in_the_expectation_table(app: Flask):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = sorted(endpoints - EXPECTED.keys())
    assert not missing, f"classify these routes in EXPECTED ({__file__}): {missing}"
    assert not sorted(EXPECTED.keys() - endpoints), "EXPECTED names routes that are gone"


def test_every_role_gets_what_the_table_says_on_every_route(app: Flask, world: World):
    problems = [p for role in ROLES for p in walk(app, world, role)]
    _suspend_supplier_a(app, world)
    problems += [p for role in ROLES for p in walk(app, world, role, hidden=True)]
    assert not problems, "\n".join(problems)


def test_the_walk_fails_on_a_route_missing_from_the_table(app: Flask, world: World):
    @app.get("/walk-probe")
    def walk_probe() -> str:
        return "unclassified"

    assert "walk_probe (/walk-probe) has no entry in EXPECTED" in list(walk(app, world, ANON))

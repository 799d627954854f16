"""Attachments: checked by content, all or nothing, files of a rolled-back
transaction removed, served as downloads only."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import Role
from marketplace.attachments import files
from marketplace.attachments.models import Attachment
from marketplace.errors import InvalidInput
from tests import factories
from tests.verification.helpers import pdf_bytes, png_bytes


def _stored(app) -> list[Path]:  # type: ignore[no-untyped-def]
    folder = Path(app.config["ATTACHMENTS_FOLDER"])
    return sorted(folder.iterdir()) if folder.exists() else []


def test_valid_files_are_stored_under_random_names_with_clean_titles(app, session):
    user = factories.make_user(session, Role.BUYER)
    with app.test_request_context():
        made = files.store(
            session,
            user,
            [files.Upload("../bản vẽ.pdf", pdf_bytes()), files.Upload("ảnh.jpeg.exe", png_bytes())],
        )
        session.commit()
    assert [a.title for a in made] == ["bản vẽ.pdf", "ảnh.jpeg.exe.png"]
    assert [a.content_type for a in made] == ["application/pdf", "image/png"]
    assert {p.name for p in _stored(app)} == {a.stored_name for a in made}
    assert all("bản" not in a.stored_name for a in made)


def test_one_bad_file_stores_none_and_names_the_file(app, session):
    user = factories.make_user(session, Role.BUYER)
    with app.test_request_context(), pytest.raises(InvalidInput) as caught:
        files.store(
            session,
            user,
            [files.Upload("ok.pdf", pdf_bytes()), files.Upload("virus.pdf", b"MZ\x90\x00")],
        )
    assert "virus.pdf" in caught.value.errors["attachments"]
    assert _stored(app) == []


def test_too_many_files_are_refused(app, session):
    user = factories.make_user(session, Role.BUYER)
    app.config["MAX_ATTACHMENTS"] = 1
    with app.test_request_context(), pytest.raises(InvalidInput):
        files.store(session, user, [files.Upload("a.pdf", pdf_bytes())] * 2)


def test_a_rollback_removes_the_files_it_wrote_and_a_commit_keeps_them(app, session):
    user = factories.make_user(session, Role.BUYER)
    with app.test_request_context():
        files.store(session, user, [files.Upload("a.pdf", pdf_bytes())])
        assert len(_stored(app)) == 1
        session.rollback()
        assert _stored(app) == []
        files.store(session, user, [files.Upload("b.pdf", pdf_bytes())])
        session.commit()
        session.rollback()  # nothing pending: the committed file stays
    assert len(_stored(app)) == 1
    assert session.scalar(select(func.count()).select_from(Attachment)) == 1


def test_send_is_a_private_download_that_is_never_sniffed(app, session):
    user = factories.make_user(session, Role.BUYER)
    with app.test_request_context():
        [made] = files.store(session, user, [files.Upload("x.png", png_bytes())])
        session.commit()
        response = files.send(made)
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]
    response.close()

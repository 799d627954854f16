"""Long Vietnamese subjects arrive exactly as written: no space lost where the
header is folded into several encoded words (both in the outbox and over SMTP)."""

from __future__ import annotations

from email import message_from_bytes, policy

import pytest

from marketplace.accounts import mail
from tests.verification.helpers import outbox

# Pages and wording: their queries are covered on PostgreSQL by the service tests,
# so these run once, on SQLite (keeps the suite under its time budget).
pytestmark = pytest.mark.engine_independent

SUBJECTS = [
    "Công nghiệp Xanh Hà Nội: Có 1 sản phẩm mới phù hợp với tìm kiếm đã lưu "
    "“Máy ép bùn khung bản cho nhà máy xử lý nước thải”",
    "Công nghiệp Xanh Hà Nội: Công ty TNHH Môi trường Xanh đã trả lời yêu cầu báo giá "
    "“Hệ thống xử lý khí thải lò hơi” của bạn",
    "Công nghiệp Xanh Hà Nội: " + "đã trả lời yêu cầu " * 8,
    "Hanoi Green Industry: a long English subject " * 4,
]


@pytest.mark.parametrize("subject", SUBJECTS)
def test_a_long_subject_survives_the_outbox_exactly(app, subject):
    with app.app_context():
        mail.send_mail("khach@example.vn", subject, "Nội dung thư " * 40)
    [message] = outbox(app)
    assert message["Subject"] == subject
    assert message.get_content().strip() == ("Nội dung thư " * 40).strip()


class FakeSMTP:
    sent: list[bytes] = []

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def __enter__(self) -> FakeSMTP:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def starttls(self) -> None:
        pass

    def sendmail(self, sender: str, to: list[str], data: bytes) -> None:
        FakeSMTP.sent.append(data)


def test_a_long_subject_survives_smtp_exactly(make_app, monkeypatch):
    app = make_app(MAIL_SERVER="smtp.example.vn")
    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    FakeSMTP.sent = []
    with app.app_context():
        mail.send_mail("khach@example.vn", SUBJECTS[0], "Xin chào")
    [data] = FakeSMTP.sent
    assert b"\r\n" in data and all(len(line) <= 998 for line in data.splitlines())
    assert message_from_bytes(data, policy=policy.default)["Subject"] == SUBJECTS[0]

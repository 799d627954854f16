"""Password hashing with Argon2id (argon2-cffi's tuned defaults), and the refusal of
passwords that attackers try first.

The list is Django's `common-passwords.txt.gz` (django/contrib/auth, BSD licence in
data/LICENSE-django.txt): 19,646 passwords compiled by Royce Williams from breach
corpora, kept by the Django security team and used by every Django site's
CommonPasswordValidator. It ships as a wheel we can pin and re-fetch, unlike a
copy of a web page, and at 80 KB compressed it is small enough to vendor. The top
20,000 already cover what online guessing at our login limits can try."""

from __future__ import annotations

import gzip
import re
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
MIN_LENGTH = 8
COMMON_PASSWORDS = Path(__file__).resolve().parent / "data" / "common-passwords.txt.gz"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _common() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as fh:
        return frozenset(line.strip() for line in fh if line.strip())


# Django's list is English-speaking; these are what Vietnamese users pick (the words
# for "password", "I love you", places, lucky numbers), refused the same way.
VIETNAMESE_COMMON = frozenset(
    {
        "matkhau", "matkhau1", "matkhau12", "matkhau123", "matkhau1234", "mk123456",
        "anhyeuem", "emyeuanh", "yeuem", "yeuanh", "toiyeuban", "iloveyou",
        "vietnam", "hanoi", "saigon", "hochiminh", "danang", "haiphong",
        "88888888", "66666666", "68686868", "86868686", "12341234", "123456a@",
        "123456789a", "abc123456", "admin123", "quantri", "quantri123",
    }
)  # fmt: skip


def is_common(password: str) -> bool:
    """Whether the password (ignoring case and surrounding spaces) is on the lists, or
    is a listed word with only digits or signs added ("matkhau2024", "password!")."""
    typed = password.strip().lower()
    words = _common() | VIETNAMESE_COMMON
    if typed in words:
        return True
    stem = re.sub(r"[\d\W_]+$", "", typed)
    return len(stem) >= 4 and stem in words

"""The Vietnamese catalogue covers every user-facing string."""

from io import BytesIO

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tests.conftest import ROOT

METHOD_MAP = [("marketplace/**.py", "python"), ("templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}


def test_every_message_has_a_vietnamese_translation():
    found = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        str(ROOT), METHOD_MAP, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else message[0])
    with open(ROOT / "translations/vi/LC_MESSAGES/messages.po", "rb") as f:
        catalog = read_po(BytesIO(f.read()), locale="vi")
    translated = {
        m.id if isinstance(m.id, str) else m.id[0]  # a plural entry: its singular
        for m in catalog
        if m.id and (m.string if isinstance(m.string, str) else any(m.string))
    }
    missing = sorted(found - translated)
    assert not missing, f"untranslated: {missing}"

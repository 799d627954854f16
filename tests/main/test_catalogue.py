"""The compiled Vietnamese catalogue (what the app loads) has a translation for every
message of the template and of WTForms, plural forms included."""

from __future__ import annotations

import importlib.util
from types import ModuleType

from babel.messages.pofile import read_po
from babel.support import Translations

from tests.conftest import ROOT

MO = ROOT / "translations/vi/LC_MESSAGES/messages.mo"
PO = ROOT / "translations/vi/LC_MESSAGES/messages.po"


def _fill_vi() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fill_vi", ROOT / "scripts/fill_vi.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_catalogue_has_no_empty_msgstr():
    fill_vi = _fill_vi()
    with open(PO, "rb") as f:
        catalog = read_po(f, locale="vi")
    empty = [m.id for m in catalog if m.id and fill_vi.is_empty(m.string)]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not empty, f"empty msgstr (run `make messages`; scripts/fill_vi.py names them): {empty}"
    assert not fuzzy, f"fuzzy entries are not compiled: {fuzzy}"


def test_compiled_catalogue_translates_the_template_and_wtforms():
    fill_vi = _fill_vi()
    with open(ROOT / "translations/messages.pot", "rb") as f:
        template = read_po(f)
    fill_vi.add_library_messages(template)
    with open(MO, "rb") as f:
        compiled = Translations(f)._catalog
    missing = []
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            if not compiled.get((message.id[0], 0)):
                missing.append(message.id[0])
        elif not compiled.get(message.id):
            missing.append(message.id)
    assert not missing, f"not in the compiled catalogue (`pybabel compile`): {missing}"

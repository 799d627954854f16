"""An index written by an older version (another schema) is never searched with
the new code: searches report it unavailable (the site then answers from the
database and rebuilds it), and every process picks up the rebuilt index."""

from __future__ import annotations

import pytest
from whoosh import index as windex
from whoosh.fields import ID, TEXT, Schema

from search import open_backend
from search.base import IndexUnavailable, Query
from tests.search.test_backend_contract import CORPUS


@pytest.fixture
def old_index(tmp_path):
    path = tmp_path / "ix"
    path.mkdir()
    ix = windex.create_in(str(path), Schema(id=ID(stored=True, unique=True), all=TEXT()))
    writer = ix.writer()
    writer.add_document(id="product:1", all="may ep bun")
    writer.commit()
    return path


def test_an_index_in_an_older_format_is_rebuilt_not_misread(old_index):
    web1 = open_backend(f"whoosh:///{old_index}")
    web2 = open_backend(f"whoosh:///{old_index}")  # another worker process
    with pytest.raises(IndexUnavailable, match="older format"):
        web1.search(Query(text="máy ép bùn"))
    with pytest.raises(IndexUnavailable):
        web1.index(list(CORPUS[:1]))
    web1.rebuild(list(CORPUS))
    assert web1.search(Query(text="máy ép bùn")).hits[0].id == "product:1"
    assert web2.search(Query(text="máy ép bùn")).hits[0].id == "product:1"
    web1.close()
    web2.close()

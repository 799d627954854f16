"""A Whoosh searcher reopened after a save reads again only what the save changed:
a segment that merely lost a document keeps its column arrays (only its live
documents are read again), and answers equal those of a freshly opened index."""

from __future__ import annotations

from dataclasses import replace

from whoosh.query import Every

from search.base import Query
from search.whoosh_backend import WhooshBackend
from tests.search.test_backend_contract import CORPUS

QUERIES = ("máy ép bùn", "may ep bun", "lò đốt rác", "thùng rác 240", "belt filter", "xử lý nước")


def _answers(backend: WhooshBackend) -> list[list[tuple[str, float]]]:
    return [[(h.id, h.score) for h in backend.search(Query(text=q)).hits] for q in QUERIES]


def test_a_save_rereads_only_the_live_documents_of_the_segment_it_changed(tmp_path):
    backend = WhooshBackend(str(tmp_path / "index"))
    backend.rebuild(list(CORPUS))
    before = backend._current().leaves
    assert len(before) == 1
    changed = replace(CORPUS[0], name=CORPUS[0].name + " latencyprobe")
    backend.index([changed])
    leaves = backend._current().leaves
    new, old = leaves[0][3], before[0][3]
    assert leaves[0][1][0] == before[0][1][0]  # the same segment, one document fewer
    assert new.key is old.key and new.codes is old.codes  # columns not read again
    assert new.live.sum() == old.live.sum() - 1
    assert backend.search(Query(text="latencyprobe")).total == 1
    fresh = WhooshBackend(str(tmp_path / "index"))
    assert _answers(backend) == _answers(fresh)
    assert backend.verify([changed, *CORPUS[1:]]).clean


def test_a_newer_view_does_not_close_the_searcher_a_search_is_reading(tmp_path):
    """In a threaded server a commit makes the next search open a newer view; the old
    one's searcher stays open until the search reading it is done (closed under it,
    its postings read back as a corrupt zlib stream: a 500)."""
    backend = WhooshBackend(str(tmp_path / "index"))
    backend.rebuild(list(CORPUS))
    with backend._viewing() as reading:  # a search in another thread, mid-way
        backend.index([replace(CORPUS[0], name=CORPUS[0].name + " newer")])
        assert backend.search(Query(text="newer")).total == 1  # opens the newer view
        assert reading.retired and not reading.searcher.is_closed
        assert len(reading.searcher.search(Every(), limit=None)) == len(CORPUS)  # still reads
    assert reading.searcher.is_closed  # the last reader is done
    with backend._viewing() as current:
        assert not current.retired and current.users == 1
    assert current.users == 0 and not current.searcher.is_closed

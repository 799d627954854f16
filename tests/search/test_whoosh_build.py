"""A Whoosh rebuild writes its postings itself (search.whoosh_build): the index it
builds must hold exactly what Whoosh's own writer holds for the same documents."""

from __future__ import annotations

import pytest
from whoosh.codec.whoosh3 import W3Codec

from search.base import Document, Query
from search.ticker import Ticker
from search.whoosh_backend import WhooshBackend
from search.whoosh_postings import read_postings
from tests.search.test_backend_contract import CORPUS

QUERIES = ("máy ép bùn", "may ep bun", "lò đốt rác", "thùng rác 240", "belt filter", "xử lý nước")


class _LargeList(list[Document]):
    """Claims to be large, so the rebuild takes its multi-process path."""

    def __len__(self) -> int:
        return 10_000


def _held(backend: WhooshBackend) -> dict[str, dict[str, float]]:
    """Document id -> {term: weight} as the index's postings hold them."""
    out: dict[str, dict[str, float]] = {}
    view = backend._current()
    for reader, _key, _offset, a in view.leaves:
        for term in reader.lexicon("all"):
            text = term.decode()
            docnums, weights = read_postings(reader, text, a.live)
            for d, w in zip(docnums, weights, strict=True):
                out.setdefault(a.key[d].decode(), {})[text] = float(w)
    return out


def _answers(backend: WhooshBackend) -> list[list[tuple[str, float]]]:
    return [[(h.id, h.score) for h in backend.search(Query(text=q)).hits] for q in QUERIES]


@pytest.mark.parametrize("docs", [list(CORPUS), _LargeList(CORPUS)], ids=["serial", "workers"])
def test_a_rebuild_holds_what_whooshs_own_writer_holds(tmp_path, docs):
    own = WhooshBackend(str(tmp_path / "own"))
    own.index(list(CORPUS))
    rebuilt = WhooshBackend(str(tmp_path / "rebuilt"))
    rebuilt.index(list(CORPUS[:2]))  # replaced, not added to
    rebuilt.rebuild(docs)
    assert _held(rebuilt) == _held(own)
    assert _answers(rebuilt) == _answers(own)
    assert rebuilt.verify(list(CORPUS)).clean
    assert not (tmp_path / "rebuilt" / ".rebuild").exists()


def test_writes_made_during_a_rebuild_go_to_the_live_index(tmp_path, monkeypatch):
    monkeypatch.setattr(Ticker, "SECONDS", 0.0)  # the hook runs after every document
    backend = WhooshBackend(str(tmp_path / "index"))
    backend.index([CORPUS[0]])
    seen: list[int] = []

    def idle() -> None:  # as the indexer drains a web save meanwhile
        if not seen:
            backend.index([CORPUS[1]])
        seen.append(backend.search(Query(text=CORPUS[1].name)).total)

    backend.rebuild(list(CORPUS), idle=idle)
    assert seen and seen[0] >= 1
    assert backend.all_ids() == {d.id for d in CORPUS}


def _segment_files(tmp_path, name: str, codec, monkeypatch) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    """Each file inside the compound segment a serial build writes with `codec`."""
    import whoosh.codec.base
    from whoosh.filedb.compound import CompoundStorage
    from whoosh.filedb.filestore import FileStorage

    from search import whoosh_build
    from search import whoosh_schema as S

    monkeypatch.setattr(whoosh.codec.base, "random_name", lambda size=16: "s" * size)
    folder = tmp_path / name
    whoosh_build.build(folder, S.schema(), codec, list(CORPUS), S.prepared, 1)
    storage = FileStorage(str(folder / whoosh_build.STAGING))
    (seg,) = [f for f in storage.list() if f.endswith(".seg")]
    parts = CompoundStorage(storage.open_file(seg))
    return {n: parts.open_file(n).read() for n in parts.list()}


class _PlainCodec(W3Codec):  # type: ignore[misc]
    """Our codec's settings with Whoosh's own postings writer."""

    length_stats = False


def test_postings_are_the_bytes_whooshs_own_postings_writer_writes(tmp_path, monkeypatch):
    from search import whoosh_schema as S

    ours = _segment_files(tmp_path, "ours", S.CODEC, monkeypatch)
    plain = _segment_files(tmp_path, "plain", _PlainCodec(), monkeypatch)
    assert ours.keys() == plain.keys()
    assert ours == plain

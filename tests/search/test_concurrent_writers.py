"""Several worker processes writing to one Whoosh index: every update lands."""

import multiprocessing

from search import open_backend
from search.base import Document, Query


def _write(path: str, start: int) -> None:
    backend = open_backend(f"whoosh:///{path}")
    for i in range(start, start + 15):
        backend.index(
            [
                Document(
                    id=f"product:{i}",
                    type="product",
                    supplier_tax_code="0100000001",
                    sku=f"S{i}",
                    name=f"Máy thổi khí con sò {i}",
                    category="WW-AER",
                    top_category="WW",
                    province="Hà Nội",
                    origin="VN",
                )
            ]
        )
    backend.close()


def test_three_processes_writing_at_once_lose_no_update(tmp_path):
    path = str(tmp_path / "ix")
    open_backend(f"whoosh:///{path}").close()
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_write, args=(path, n * 100)) for n in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
        assert w.exitcode == 0
    backend = open_backend(f"whoosh:///{path}")
    assert len(backend.all_ids()) == 45
    assert backend.search(Query(text="may thoi khi")).total == 45
    backend.close()

"""An import keeps the search index in step: new products are found, a supplier's
new name reaches its products' documents, an unchanged re-import queues nothing."""

from sqlalchemy import func, select

from marketplace.indexing.models import IndexOutbox
from marketplace.search_sync import get_backend
from search.base import Query
from tests.factories import valid_tax_code

TAX = valid_tax_code(901)
SUPPLIERS = f"tax_code,name,province,ownership\n{TAX},Công ty TNHH Hóa Chất Xanh,Hà Nội,domestic\n"
PRODUCTS = (
    "supplier_tax_code,sku,name,category,origin\n"
    f"{TAX},BX-1,Bồn khuấy hóa chất,WW,VN\n"
    f"{TAX},BX-2,Bơm định lượng,WW,VN\n"
)


def _run(app, tmp_path, suppliers=SUPPLIERS, products=PRODUCTS):
    (tmp_path / "s.csv").write_text(suppliers, encoding="utf-8")
    (tmp_path / "p.csv").write_text(products, encoding="utf-8")
    result = app.test_cli_runner().invoke(
        args=["registry", "import", str(tmp_path / "s.csv"), str(tmp_path / "p.csv")]
    )
    assert result.exit_code == 0, result.output
    return result


def _found(app, text, type_="product"):
    results = get_backend(app).search(Query(text=text, type=type_))
    return {h.id for h in results.hits}


def test_imported_products_and_renamed_supplier_are_searchable(app, session, tmp_path):
    _run(app, tmp_path)
    assert len(_found(app, "bồn khuấy")) == 1
    _run(app, tmp_path, SUPPLIERS.replace("Hóa Chất Xanh", "Thiết Bị Lam Sơn"))
    assert len(_found(app, "Lam Sơn")) == 2  # both products carry the new name
    (hit,) = get_backend(app).search(Query(text="Lam Sơn", type="supplier")).hits
    assert hit.name == "Công ty TNHH Thiết Bị Lam Sơn"
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(IndexOutbox)) == 0


def test_unchanged_reimport_queues_nothing(app, session, tmp_path):
    _run(app, tmp_path)
    app.config["INDEXER"] = "worker"  # keep what a re-import queues in the outbox
    try:
        _run(app, tmp_path)
    finally:
        app.config["INDEXER"] = "inline"
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(IndexOutbox)) == 0

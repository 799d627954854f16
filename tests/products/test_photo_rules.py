"""Photos: transparency becomes white; too small or too many pixels are refused,
before any decoding (memory stays flat) and in the user's language; the form states
the rules."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PIL import Image

from marketplace.products import photos
from tests.conftest import ROOT
from tests.factories import make_product, make_supplier
from tests.products.photo_files import huge_png, png


@pytest.fixture
def product(session, login_as):
    supplier = make_supplier(session)
    product = make_product(session, supplier, sku="P1")
    login_as("supplier_staff", supplier=supplier)
    return product


def _post(client, product, data, name="a.png", lang="en"):
    return client.post(
        f"/suppliers/{product.supplier.tax_code}/products/{product.sku}/photos?lang={lang}",
        data={"photo": (data if isinstance(data, io.BytesIO) else io.BytesIO(data), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    ).get_data(as_text=True)


def _transparent(mode: str) -> io.BytesIO:
    if mode == "RGBA":
        img = Image.new("RGBA", (400, 300), (0, 0, 0, 0))
        img.paste((200, 0, 0, 255), (0, 0, 100, 100))
        return png_of(img)
    if mode == "LA":
        img = Image.new("LA", (400, 300), (0, 0))
        img.paste((90, 255), (0, 0, 100, 100))
        return png_of(img)
    img = Image.new("P", (400, 300), 0)  # palette index 0 is transparent
    img.putpalette([0, 0, 0, 200, 0, 0] + [0] * 762)
    img.paste(1, (0, 0, 100, 100))
    return png_of(img, transparency=0)


def png_of(img: Image.Image, **save) -> io.BytesIO:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    img.save(buf, "PNG", **save)
    buf.seek(0)
    return buf


@pytest.mark.engine_independent
@pytest.mark.parametrize("mode", ["RGBA", "LA", "P"])
def test_transparent_parts_become_white(app, client, session, product, mode):
    _post(client, product, _transparent(mode))
    session.refresh(product)
    folder = Path(app.config["UPLOAD_FOLDER"])
    with Image.open(folder / product.photos[0].filename) as full:
        background = full.convert("RGB").getpixel((300, 250))
        opaque = full.convert("RGB").getpixel((40, 40))
    assert all(c >= 245 for c in background)  # white, not black
    assert max(opaque) < 245  # the opaque part keeps its colour


@pytest.mark.engine_independent
def test_a_tiny_photo_is_refused_naming_its_size(client, session, product):
    page = _post(client, product, png((199, 600)))
    assert "The photo is too small: 199 × 600 pixels." in page
    assert "at least 200 pixels on each side" in page
    session.refresh(product)
    assert product.photos == []


@pytest.mark.engine_independent
def test_a_tiny_photo_is_refused_in_vietnamese(client, product):
    page = _post(client, product, png((150, 150)), lang="vi")
    assert "Ảnh quá nhỏ: 150 × 150 điểm ảnh." in page


@pytest.mark.engine_independent
def test_the_smallest_accepted_photo(client, session, product):
    _post(client, product, png((200, 200)))
    session.refresh(product)
    assert len(product.photos) == 1


@pytest.mark.engine_independent
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_small_file_of_many_pixels_is_refused_in_the_users_language(
    client, session, product, lang
):
    data = huge_png(6320)
    assert len(data) < 200_000  # ~160 KB: under any byte limit
    page = _post(client, product, data, lang=lang)
    expected = {
        "en": "The photo is too large: 6320 × 6320 pixels. At most 24 megapixels",
        "vi": "Ảnh quá lớn: 6320 × 6320 điểm ảnh. Chỉ nhận ảnh tối đa 24 megapixel",
    }[lang]
    assert expected in page
    session.refresh(product)
    assert product.photos == []


@pytest.mark.engine_independent
def test_beyond_pillows_own_bomb_limit_gives_the_same_message(client, product):
    # 12000² = 144 MP: Pillow itself warns at open (an error under our test settings).
    page = _post(client, product, huge_png(12000, with_pixels=False))
    assert "The photo has too many pixels: at most 24 megapixels are accepted." in page
    page = _post(client, product, huge_png(20000, with_pixels=False))  # Pillow refuses
    assert "The photo has too many pixels" in page


def test_refusing_a_decompression_bomb_costs_little_memory(tmp_path):
    """The peak memory of a fresh process grows by a few MB, not the ~470 MB the
    6320 × 6320 PNG costs once decoded."""
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(huge_png(6320))
    script = textwrap.dedent(
        f"""
        import io, resource, sys
        from pathlib import Path
        from marketplace.products import photos
        data = Path({str(bomb)!r}).read_bytes()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            photos.store_photo(io.BytesIO(data), Path({str(tmp_path)!r}), 8 * 1024 * 1024)
        except photos.PhotoError as exc:
            print("refused:", exc)
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print("growth_kb", after - before)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "refused: The photo is too large: 6320 × 6320 pixels" in out
    growth_kb = int(out.split("growth_kb")[1])
    assert growth_kb < 20 * 1024, f"peak memory grew by {growth_kb // 1024} MB"


@pytest.mark.engine_independent
def test_the_form_states_size_limit_and_types(client, product):
    page = client.get(f"/suppliers/{product.supplier.tax_code}/products/P1?lang=en").get_data(
        as_text=True
    )
    assert (
        "JPEG, PNG or WebP; at most 8 MB and 24 megapixels; at least 200 pixels on each side."
        in page
    )


def test_limits_are_well_below_pillows():
    assert photos.MAX_PIXELS * 3 < Image.MAX_IMAGE_PIXELS

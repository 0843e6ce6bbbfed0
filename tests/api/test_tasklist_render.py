"""任务分工表 .docx and .xlsx rendered by Debian's LibreOffice to PDF (and PNG): A4 landscape, few pages,
real Chinese glyphs (pdfplumber reads the title and the units back from the PDF, so no tofu boxes)."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.conftest import ApiServer

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]
A4_LANDSCAPE = (841.9, 595.3)  # points


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        pytest.fail(
            "Debian's LibreOffice is not installed (.ci/deps installs it: "
            "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils)"
        )
    return path


def to_pdf(source: Path) -> tuple[Path, float]:
    """The file converted by LibreOffice (its own profile, so that runs never share one); and the seconds."""
    profile = source.parent / "lo-profile"
    started = time.monotonic()
    subprocess.run(
        [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(source.parent), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = source.with_suffix(".pdf")
    assert pdf.exists(), f"LibreOffice made no PDF of {source.name}"
    return pdf, time.monotonic() - started


def to_png(pdf: Path) -> Path:
    """The first page as a PNG (pdftoppm when installed, else pdfplumber)."""
    png = pdf.with_suffix(".png")
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", "-f", "1", str(pdf), str(png.with_suffix(""))],
                       check=True, timeout=60)  # fmt: skip
    else:
        import pdfplumber

        with pdfplumber.open(pdf) as doc:
            doc.pages[0].to_image(resolution=80).save(png)
    return png


def fetch(api: ApiServer, path: str, fmt: str, out: Path) -> Path:
    with api.client() as c:
        r = c.get(path, params={"format": fmt})
    assert r.status_code == 200, r.text
    out.write_bytes(r.content)
    return out


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_units_task_list_renders_landscape_with_chinese_glyphs(
    api: ApiServer, tmp_path: Path, fmt: str
) -> None:
    import pdfplumber

    source = fetch(api, f"/api/departments/{quote('省发改委')}/tasklist", fmt, tmp_path / f"tasklist.{fmt}")
    pdf, seconds = to_pdf(source)
    with pdfplumber.open(pdf) as doc:
        pages = len(doc.pages)
        first = doc.pages[0]
        width, height = float(first.width), float(first.height)
        text = "".join((p.extract_text() or "") for p in doc.pages).replace(" ", "").replace("\n", "")
    assert width > height and abs(width - A4_LANDSCAPE[0]) < 3 and abs(height - A4_LANDSCAPE[1]) < 3
    assert 1 <= pages <= 4, f"{pages} pages for 11 tasks"  # the old layout: 8 pages (docx, US letter)
    assert "山东省省发展改革委任务分工表" in text  # the title, read back from real glyphs
    assert "省交通运输厅" in text and "现代物流平台" in text
    assert seconds < 120
    png = to_png(pdf)
    assert png.stat().st_size > 10_000


def test_a_policys_task_list_fits_few_pages(api: ApiServer, tmp_path: Path) -> None:
    import pdfplumber

    with api.client() as c:
        pid = c.get("/api/policies").json()[0]["id"]
    for fmt in ("docx", "xlsx"):
        pdf, _ = to_pdf(fetch(api, f"/api/policies/{pid}/tasklist", fmt, tmp_path / f"policy.{fmt}"))
        with pdfplumber.open(pdf) as doc:
            assert len(doc.pages) <= 8, f"{fmt}: {len(doc.pages)} pages for 20 tasks"
            assert doc.pages[0].width > doc.pages[0].height
            text = (doc.pages[0].extract_text() or "").replace(" ", "")
        assert "任务分工表" in text and "省商务厅" in text

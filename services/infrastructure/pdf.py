"""HTML printed to PDF by a headless Chromium (Debian's /usr/bin/chromium, the browser the browser
tests already use), so the PDF looks like the document a browser shows, chart and all, without a
second layout engine to install.

Chromium runs as a subprocess on a temporary copy of the HTML, with a throw-away profile, and
writes the PDF next to it. No browser, a failing browser or one that wrote nothing: a
`PdfUnavailable` naming the browser and what to do, never a half-written file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from domain.errors import DomainError

#: Where the browser is; MATCHMAKER_CHROMIUM names another.
DEFAULT_CHROMIUM = "/usr/bin/chromium"
TIMEOUT = 90  # seconds; a first start on a busy machine takes a few


class PdfUnavailable(DomainError):
    """No PDF can be made here (no browser, or the browser failed); nothing was written."""


def chromium() -> str:
    """The browser to print with: MATCHMAKER_CHROMIUM, else /usr/bin/chromium, else `chromium` on the PATH."""
    named = os.environ.get("MATCHMAKER_CHROMIUM", DEFAULT_CHROMIUM)
    if Path(named).is_file() and os.access(named, os.X_OK):
        return named
    found = shutil.which(named) or shutil.which("chromium")
    if found:
        return found
    raise PdfUnavailable(
        "format",
        f"a PDF needs Chromium to print it, and none was found at {named} "
        "(install Debian's chromium package, or set MATCHMAKER_CHROMIUM to the browser's path)",
    )


def html_to_pdf(html: str, timeout: float = TIMEOUT) -> bytes:
    """The HTML document printed to PDF (A4 unless its CSS `@page` says otherwise)."""
    browser = chromium()
    with tempfile.TemporaryDirectory(prefix="matchmaker-pdf-") as folder:
        page = Path(folder) / "document.html"
        page.write_text(html, encoding="utf-8")
        out = Path(folder) / "document.pdf"
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--no-pdf-header-footer",
            f"--user-data-dir={Path(folder) / 'profile'}",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise PdfUnavailable("format", f"Chromium ({browser}) could not print the PDF: {error}") from None
        if not out.is_file() or out.stat().st_size == 0:
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise PdfUnavailable(
                "format", f"Chromium ({browser}) wrote no PDF (exit {done.returncode}: {said[0]})"
            )
        return out.read_bytes()

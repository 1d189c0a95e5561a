"""The HTML report printed to PDF by headless Chromium: the browser's print engine, so the PDF is the
page as the HTML report's print styles lay it out, with no second layout to keep in step.

Chromium runs in a temporary directory with its own throwaway profile (it never touches the user's),
offline (the report fetches nothing), and is killed with its whole process group if it overruns.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ...errors import MaLadderError, tidy

ENV = "MA_LADDER_CHROMIUM"
DEFAULT = "/usr/bin/chromium"
TIMEOUT_S = 60.0
INSTALL_HINT = "install Debian's `chromium` package (apt-get install chromium) or download the HTML report instead"


class PdfError(MaLadderError):
    """The PDF could not be made: no Chromium, or Chromium failed or overran."""


def chromium() -> str:
    """The Chromium to print with: ``$MA_LADDER_CHROMIUM``, else ``chromium`` on PATH, else /usr/bin/chromium."""
    given = os.environ.get(ENV)
    if given:
        if os.path.isfile(given) and os.access(given, os.X_OK):
            return given
        raise PdfError(f"{ENV} is {given!r}, which is not an executable file; point it at Chromium, or unset it")
    found = shutil.which("chromium") or (DEFAULT if os.access(DEFAULT, os.X_OK) else None)
    if not found:
        raise PdfError(
            f"cannot make a PDF: Chromium was not found (looked for {ENV}, `chromium` on PATH, {DEFAULT}); "
            f"{INSTALL_HINT}"
        )
    return found


def report_pdf(html: str, *, timeout: float = TIMEOUT_S) -> bytes:
    """``html`` printed to PDF; raises PdfError saying what to do when Chromium is missing or fails."""
    exe = chromium()
    with tempfile.TemporaryDirectory(prefix="ma-ladder-pdf-") as tmp:
        root = Path(tmp)
        page, out = root / "report.html", root / "report.pdf"
        page.write_text(html, encoding="utf-8")
        _run(_command(exe, root, page, out), root, timeout)
        data = out.read_bytes() if out.is_file() else b""
    if not data.startswith(b"%PDF"):
        raise PdfError(f"Chromium ({exe}) finished but wrote no PDF; {INSTALL_HINT}")
    return data


def _command(exe: str, root: Path, page: Path, out: Path) -> list[str]:
    return [
        exe,
        "--headless",
        "--no-sandbox",  # often run as root in a container, where the sandbox cannot start
        "--disable-gpu",
        "--no-pdf-header-footer",
        f"--user-data-dir={root / 'profile'}",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--print-to-pdf={out}",
        page.as_uri(),
    ]


def _run(cmd: list[str], root: Path, timeout: float) -> None:
    """Run Chromium in its own session, so a timeout ends it and every child it started."""
    env = {**os.environ, "HOME": str(root), "XDG_CONFIG_HOME": str(root / "config")}
    env["XDG_CACHE_HOME"] = str(root / "cache")
    try:
        proc = subprocess.Popen(
            cmd,
            cwd=root,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as exc:
        raise PdfError(f"cannot start Chromium ({cmd[0]}): {exc.strerror or exc}; {INSTALL_HINT}") from None
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise PdfError(
            f"Chromium did not finish printing the report within {timeout:g} s; "
            "try again, or download the HTML report and print it from a browser"
        ) from None
    finally:
        _kill_group(proc)  # a renderer left behind after a clean exit is ended too
    if proc.returncode != 0:
        tail = tidy(err.decode("utf-8", "replace").strip()[-600:])
        raise PdfError(f"Chromium failed to print the report (exit {proc.returncode}): {tail or 'no message'}")


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """End the process group Chromium leads (only ours: it was started in a new session)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    if proc.returncode is None:
        proc.wait()

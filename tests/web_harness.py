"""What the web tests share: the real `hoso serve` on a free loopback port, Debian's chromium
through Playwright, the sign-in form, screenshots and the server log's check.

The tests start the server as an operator does (`python -m cli serve`, a subprocess) and
drive it over HTTP or from the browser; nothing here fakes a part of the application.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Mapping, Sequence

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("HOSO_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("HOSO_SCREENSHOTS", ROOT / "test-screenshots"))
STARTUP_SECONDS = 60


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on at `host` now."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def child_env(overrides: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """This process's environment with `overrides` applied; a value of None removes the variable."""
    env = dict(os.environ)
    for name, value in (overrides or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


@contextmanager
def serve(data_root: Path | str, *, cwd: Path | str | None = None, env: Mapping[str, str | None] | None = None,
          extra_args: Sequence[str] = (), host: str = "127.0.0.1", port: int | None = None,
          log: Path | None = None, no_traceback: bool = False) -> Iterator[tuple[str, Path]]:
    """`hoso serve --data-dir data_root` on `host` (a free port unless given); yields (base URL, log path).

    data_root may be relative to `cwd` (the project's root by default); `env` overrides this
    process's environment (None removes a variable); the server's output goes to `log`
    (`serve.log` in the data folder by default). It is ready once /dang-nhap answers; if it
    dies or does not answer within STARTUP_SECONDS the test fails with the log's tail. With
    `no_traceback`, the log is checked for a traceback once the server has stopped.
    """
    cwd = Path(cwd) if cwd is not None else ROOT
    folder = Path(data_root) if Path(data_root).is_absolute() else cwd / data_root
    log_path = log if log is not None else folder / "serve.log"
    port = port if port is not None else free_port(host)
    base = f"http://{host}:{port}"
    with open(log_path, "w", encoding="utf-8") as output:
        process = subprocess.Popen([sys.executable, "-m", "cli", "serve", "--host", host, "--port", str(port),
                                    "--data-dir", str(data_root), *extra_args],
                                   stdout=output, stderr=subprocess.STDOUT, cwd=cwd, env=child_env(env))
        try:
            _wait_until_up(process, base, log_path)
            yield base, log_path
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=20)
    if no_traceback:
        assert_no_traceback(log_path)


def _wait_until_up(process: subprocess.Popen, base: str, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            urllib.request.urlopen(f"{base}/dang-nhap", timeout=2)
            return
        except OSError:  # refused, reset, timed out, or an HTTP error while it starts
            if process.poll() is not None or time.monotonic() > deadline:
                tail = log_path.read_text(encoding="utf-8", errors="replace")[-2000:]
                pytest.fail(f"hoso serve did not start: {tail}")
            time.sleep(0.3)


def assert_no_traceback(log_path: Path) -> None:
    """The server's output holds no traceback."""
    log = log_path.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log, log[log.find("Traceback"):][:3000]


@contextmanager
def launch_chromium():
    """Debian's chromium, headless, through Playwright. A missing or broken chromium fails the
    test (never a skip): the web is tested in a real browser or not at all."""
    from playwright.sync_api import Error, sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/setup.sh (it installs Debian's chromium package)")
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        except Error as exc:
            pytest.fail(f"chromium ({CHROMIUM}) could not start: {str(exc)[:1500]}")
        try:
            yield browser
        finally:
            browser.close()


def submit_sign_in(page, name: str, password: str) -> None:
    """Fill the sign-in form the page shows and send it."""
    page.fill("#ten", name)
    page.fill("#mat-khau", password)
    page.click("#dang-nhap")


def sign_in(page, base: str, name: str, password: str) -> None:
    """Open the sign-in page and sign in as `name`; where it lands is for the test to check."""
    page.goto(base + "/dang-nhap")
    submit_sign_in(page, name, password)


def screenshot(page, name: str) -> Path:
    """The page's viewport as SCREENSHOTS/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    print(f"screenshot: {path}")
    return path


def images_loaded(page, selector: str) -> int:
    """How many of the images matched by `selector` loaded, once the network is idle."""
    page.wait_for_load_state("networkidle")
    return page.evaluate(f"[...document.querySelectorAll({selector!r})].filter(i => i.naturalWidth > 0).length")


def card_and_papers(samples: Path):
    """The web tests' sample: seed 7's first ID card copy, its owner, and the owner's papers
    scanned at counter 2 (truth, card file, citizen, papers file)."""
    from samples.batch import generate_batch

    truth = generate_batch(samples, seed=7)
    card = next(f for f in truth.files if f.name.startswith("quay2/CCCD_"))
    owner_id = card.documents[0].owner_citizen_id
    citizen = next(c for c in truth.citizens if c.citizen_id == owner_id)
    papers = next(f for f in truth.files if f.name == "quay2/IMG_0003.tif")
    return truth, card, citizen, papers

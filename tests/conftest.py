import os

import pytest

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
pytest.register_assert_rewrite("tests.web_harness")

from tests.web_harness import launch_chromium  # noqa: E402  (after its asserts are set to be rewritten)


def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist (scripts/test.sh), the files with a `slow` test are handed out first.

    The workers take whole files in the order collected; a 100 s file taken last would run on
    one worker while the other has nothing left to do. Serial runs keep pytest's own order.
    """
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow_files)  # stable: each group keeps its order


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium through Playwright, one per test module (see tests/web_harness.py)."""
    with launch_chromium() as chromium:
        yield chromium


def strip_markdown(line: str) -> str:
    """Corpus lines without the Markdown markers (#, **, list dashes)."""
    text = line.strip().lstrip("#").strip()
    text = text.replace("**", "").replace("*", "")
    if text.startswith("- "):
        text = text[2:]
    return text.strip()


@pytest.fixture(scope="session")
def corpus_lines() -> list[str]:
    from samples.corpus import CORPUS_DIR as root

    lines = []
    for path in sorted(root.glob("*.txt")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            text = strip_markdown(raw)
            if len(text) > 20:
                lines.append(text)
    assert lines, f"no corpus text under {root}"
    return lines


# A throw-away PostgreSQL cluster, started only by the tests that ask for it.
from tests.postgres import postgres_cluster  # noqa: E402,F401
from tests.catalogues import catalogue_location, province_url  # noqa: E402,F401

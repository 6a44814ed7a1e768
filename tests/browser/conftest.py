"""Browser tests: Playwright driving Debian's Chromium against live_server,
with a real qcluster worker and the sandbox behind it."""

import shutil
from pathlib import Path

import pytest

from tests.pipeline.conftest import qcluster, wait_for  # noqa: F401  (fixtures)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
SAMPLES = Path(__file__).resolve().parents[2] / "projects" / "demo"


@pytest.fixture(scope="session")
def artifacts():
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS


@pytest.fixture
def new_page(browser, artifacts):
    contexts = []

    def make(width=1280, height=900):
        context = browser.new_context(viewport={"width": width, "height": height})
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


class Shots:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    def __call__(self, page, name):
        self.count += 1
        page.screenshot(path=str(self.folder / f"{self.count:02d}-{name}.png"), full_page=True)


@pytest.fixture
def shot(artifacts):
    return Shots(artifacts)


def drop_files(page, selector, paths):
    """Drop files on an element the way a person dragging them from the desktop
    would: a real DragEvent carrying a DataTransfer with File objects."""
    import base64
    import mimetypes

    files = [
        {
            "name": Path(p).name,
            "type": mimetypes.guess_type(str(p))[0] or "",
            "data": base64.b64encode(Path(p).read_bytes()).decode(),
        }
        for p in paths
    ]
    page.evaluate(
        """([selector, files]) => {
            const target = document.querySelector(selector);
            const dt = new DataTransfer();
            for (const f of files) {
                const bytes = Uint8Array.from(atob(f.data), c => c.charCodeAt(0));
                dt.items.add(new File([bytes], f.name, {type: f.type}));
            }
            for (const type of ["dragenter", "dragover", "drop"]) {
                const init = {dataTransfer: dt, bubbles: true, cancelable: true};
                target.dispatchEvent(new DragEvent(type, init));
            }
        }""",
        [selector, files],
    )

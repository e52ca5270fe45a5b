"""Where the browser tests find Debian's Chromium; without it they skip, except under CI, where they fail."""

from __future__ import annotations

import os
import shutil

import pytest

#: Debian's Chromium (the browser tests drive it through Playwright; nothing is downloaded).
CHROMIUM = shutil.which("chromium")
HINT = "chromium is not installed: sudo apt-get install -y chromium chromium-headless-shell (make test does it as root)"


def on_ci() -> bool:
    """True under continuous integration (``CI`` set to anything but empty, 0 or false)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def need_chromium() -> str:
    """The Chromium executable; without one, skip the test with the install hint, or fail it when ``CI`` is set.

    A CI run that skipped every browser test would stay green while no page was ever opened.
    """
    if CHROMIUM is None:
        if on_ci():
            pytest.fail(f"CI=true and {HINT}: the browser tests must run in CI", pytrace=False)
        pytest.skip(HINT)
    return CHROMIUM

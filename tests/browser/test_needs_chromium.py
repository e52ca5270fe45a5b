"""Without Chromium the browser tests skip on an analyst's machine but fail in CI, so CI never passes unseen."""

from __future__ import annotations

import needs_chromium
import pytest


@pytest.mark.parametrize("ci", ["true", "1", "yes"])
def test_ci_without_chromium_fails_instead_of_skipping(monkeypatch, ci):
    """A CI machine without Chromium reports a failure naming the install command, never a green skip."""
    monkeypatch.setattr(needs_chromium, "CHROMIUM", None)
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match="apt-get install -y chromium"):
        needs_chromium.need_chromium()


@pytest.mark.parametrize("ci", [None, "", "false", "0"])
def test_a_machine_without_chromium_outside_ci_skips_with_the_install_hint(monkeypatch, ci):
    """An analyst without Chromium sees the browser tests skipped with the command that installs it."""
    monkeypatch.setattr(needs_chromium, "CHROMIUM", None)
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception, match="apt-get install -y chromium"):
        needs_chromium.need_chromium()

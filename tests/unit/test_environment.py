"""The libraries' versions in the build record: the lock's digest, or the installed versions without a lock."""

from __future__ import annotations

from benchmark.core import paths
from benchmark.publish.benchmarks import environment_digest


def test_digest_follows_the_lock(tmp_path, monkeypatch):
    """Another lock gives another digest, so briefs built with other libraries are rebuilt."""
    monkeypatch.setattr(paths, "ROOT", tmp_path)
    (tmp_path / "uv.lock").write_text('[[package]]\nname = "pandas"\nversion = "3.0.0"\n', encoding="utf-8")
    before = environment_digest()
    (tmp_path / "uv.lock").write_text('[[package]]\nname = "pandas"\nversion = "3.0.1"\n', encoding="utf-8")
    assert environment_digest() != before
    assert before.startswith("lock:")


def test_without_a_lock_an_upgrade_of_an_installed_library_counts(tmp_path, monkeypatch):
    """A project without a lock is stamped with the installed versions: upgrading pandas changes the stamp."""
    import importlib.metadata
    from types import SimpleNamespace

    def installed(pandas: str):
        return lambda: [
            SimpleNamespace(metadata={"Name": "pandas"}, version=pandas),
            SimpleNamespace(metadata={"Name": "matplotlib"}, version="3.9.0"),
        ]

    monkeypatch.setattr(paths, "ROOT", tmp_path)
    monkeypatch.setattr(importlib.metadata, "distributions", installed("3.0.0"))
    before = environment_digest()
    monkeypatch.setattr(importlib.metadata, "distributions", installed("3.0.1"))
    assert environment_digest() != before
    assert before.startswith("installed:")

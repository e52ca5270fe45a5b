"""The index after briefs rendered by hand: each command brings it up to date without failing."""

from __future__ import annotations

from benchmark.core import paths
from benchmark.publish.benchmarks import Job
from benchmark.publish.index import BY_HAND, after_command


def _by_hand(name: str) -> Job:
    """A brief no benchmark lists, as `clusterbench brief` records it."""
    return Job(BY_HAND, "", name, f"Brief {name} by hand", "country_brief.ipynb", (("country", "KAZ"),))


def test_a_second_brief_by_hand_keeps_the_first_on_the_index(project_copy):
    """Rendering one brief after another by hand updates the index, which lists both (it once failed on the second)."""
    paths.REPORTS.mkdir(parents=True, exist_ok=True)
    first, second = _by_hand("own-one"), _by_hand("own-two")
    for job in (first, second):
        job.output_path.write_text("<html></html>", encoding="utf-8")
        index = after_command(job, seconds=1.0, files_read=[])
    assert index is not None
    page = index.read_text(encoding="utf-8")
    assert first.title in page and second.title in page

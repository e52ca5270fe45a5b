"""Every training module, in every language, is marked as slides by the rule (what RISE shows in JupyterLab)."""

from benchmark.publish.editions import mark_slides


def test_every_module_is_marked_as_slides():
    """A trainer who presents a module live in JupyterLab sees the same slides as in the exported slide file."""
    assert mark_slides(write=False) == [], "run: clusterbench training slides"

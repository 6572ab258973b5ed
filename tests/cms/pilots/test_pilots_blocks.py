"""Every body block is complete and renders its own preview value safely."""

from __future__ import annotations

import pytest

from cms.core.blocks import PilotBodyBlock

BLOCKS = list(PilotBodyBlock().child_blocks.values())


@pytest.mark.parametrize("block", BLOCKS, ids=lambda b: b.name)
def test_block_meta_is_complete_and_preview_renders(block) -> None:
    meta = block.meta
    assert meta.icon and meta.template and meta.description
    assert block.get_preview_value() is not None
    html = block.render(block.get_preview_value())
    assert html.strip()


def test_quote_and_callout_escape_hostile_text() -> None:
    stream = PilotBodyBlock()
    value = stream.to_python(
        [
            {"type": "quote", "value": {"text": "<script>x</script>", "attribution": "<b>a</b>"}},
            {
                "type": "callout",
                "value": {"tone": "info", "heading": "<img src=x onerror=1>", "text": "<p>ok</p>"},
            },
        ]
    )
    html = "".join(str(child.render()) for child in value)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img src=x" not in html

"""Only for migration 0002, which names `cms.blocks.TextBlock` in PilotPage.body.

The blocks live in cms/core/blocks.py; import them from there.
"""

from cms.core.blocks import TextBlock as TextBlock

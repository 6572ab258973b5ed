"""StreamField blocks for page bodies. Each is complete: icon, template, preview, description."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class TextBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        template = "cms/blocks/text.html"
        label = _("Text")
        description = _("Paragraphs, headings, lists and links.")
        preview_value = "<p>地域の皆さんと一緒に、小さく試して結果を確かめました。</p>"
        features = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        max_length=200,
        help_text=_("What the image shows, for people who cannot see it. Empty if decorative."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "cms/blocks/image.html"
        label = _("Image")
        description = _("One image with a caption.")
        preview_value = {"caption": "実証実験の様子"}


class GalleryBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=120)
    images = blocks.ListBlock(ImageBlock(), label=_("Images"), min_num=1, max_num=12)

    class Meta:
        icon = "group"
        template = "cms/blocks/gallery.html"
        label = _("Gallery")
        description = _("A grid of up to twelve images with captions.")
        preview_value = {"heading": "現地の写真", "images": []}


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"), max_length=1000)
    attribution = blocks.CharBlock(label=_("Who said it"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "cms/blocks/quote.html"
        label = _("Quote")
        description = _("Words of a participant, with who said them.")
        preview_value = {
            "text": "近所の人と物を譲り合うきっかけになりました。",
            "attribution": "参加した市民",
        }


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), required=False, max_length=200)
    description = blocks.TextBlock(label=_("Description"), required=False, max_length=400)

    class Meta:
        icon = "doc-full"
        template = "cms/blocks/document.html"
        label = _("Document")
        description = _("A report or data file to download, with its type and size.")
        preview_value = {
            "title": "実証実験報告書",
            "description": "結果の詳細をまとめた報告書です。",
        }


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        label=_("Tone"),
        choices=[("info", _("Information")), ("success", _("Result")), ("warning", _("Caution"))],
        default="info",
    )
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link"])

    class Meta:
        icon = "warning"
        template = "cms/blocks/callout.html"
        label = _("Call-out")
        description = _("A highlighted box for a key result or a caution.")
        preview_value = {
            "tone": "success",
            "heading": "主な成果",
            "text": "<p>参加世帯の7割が継続利用を希望しました。</p>",
        }


class PilotBodyBlock(blocks.StreamBlock):
    text = TextBlock()
    image = ImageBlock()
    gallery = GalleryBlock()
    quote = QuoteBlock()
    document = DocumentBlock()
    callout = CalloutBlock()

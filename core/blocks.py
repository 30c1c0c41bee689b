"""The blocks an article body (and every page written like one: general pages, guides) is made of."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quotation"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "core/blocks/quote_block.html"


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "core/blocks/figure_block.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("link text"), required=False, help_text=_("Defaults to the document's title."))

    class Meta:
        icon = "doc-full"
        label = _("Attached document")
        template = "core/blocks/document_block.html"


TABLE_OPTIONS = {
    "contextMenu": ["row_above", "row_below", "---------", "col_left", "col_right", "---------",
                    "remove_row", "remove_col", "---------", "undo", "redo"],
    "language": "vi",
}


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("Text"), features=settings.RICH_TEXT_FEATURES, icon="pilcrow")
    image = FigureBlock()
    quote = QuoteBlock()
    table = TableBlock(label=_("Table"), table_options=TABLE_OPTIONS, template="core/blocks/table_block.html")
    document = DocumentBlock()

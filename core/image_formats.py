"""Images placed in rich text (article bodies, pages, answers) drawn as the templates draw theirs: a <picture>
with WebP and a JPEG/PNG fallback, srcset and sizes, width and height, and loading="lazy" (a body image is below
the title). Wagtail's own formats give one plain 800-pixel <img>, too heavy for a phone on 3G.
Found by Wagtail in every app's `image_formats` module; the format names stay Wagtail's, so stored rich text keeps
working.
"""

from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from wagtail.images.formats import Format, register_image_format, unregister_image_format
from wagtail.images.models import Picture
from wagtail.images.shortcuts import get_renditions_or_not_found


class PictureFormat(Format):
    def __init__(self, name, label, classname, widths, sizes):
        super().__init__(name, label, classname, f"width-{max(widths)}")
        self.widths = widths
        self.sizes = sizes

    def image_to_html(self, image, alt_text, extra_attributes=None):
        fallback = "png" if (image.file.name or "").lower().endswith((".png", ".gif")) else "jpeg"
        specs = [f"width-{width}|format-{kind}" for kind in ("webp", fallback) for width in self.widths]
        attributes = dict(extra_attributes or {})
        attributes.update({"alt": escape(alt_text), "sizes": self.sizes, "loading": "lazy", "decoding": "async"})
        if self.classname:
            attributes["class"] = escape(self.classname)
        return Picture(get_renditions_or_not_found(image, specs), attributes).__html__()


for _name in ("fullwidth", "left", "right"):
    unregister_image_format(_name)

register_image_format(PictureFormat(
    "fullwidth", _("Full width"), "richtext-image full-width", (360, 720), "(max-width: 800px) 100vw, 720px"))
register_image_format(PictureFormat(
    "left", _("Left-aligned"), "richtext-image left", (240, 480), "(max-width: 480px) 100vw, 240px"))
register_image_format(PictureFormat(
    "right", _("Right-aligned"), "richtext-image right", (240, 480), "(max-width: 480px) 100vw, 240px"))

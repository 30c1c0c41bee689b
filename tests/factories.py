"""Builders for the test data every suite needs, in one place."""

import datetime
import io
import itertools

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images.models import Image

from news.models import ArticleIndexPage, ArticlePage
from portal.models import Banner, HomePage

_counter = itertools.count(1)


def home_page():
    return HomePage.objects.get()


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def category(parent, title, slug=None, show_in_menus=True):
    from wagtail.coreutils import string_to_ascii
    from django.utils.text import slugify

    page = ArticleIndexPage(title=title, slug=slug or slugify(string_to_ascii(title)), show_in_menus=show_in_menus)
    parent.add_child(instance=page)
    return publish(page)


def local_dt(year, month, day, hour=0, minute=0, second=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute, second))


def article(parent, title=None, date=None, live=True, **fields):
    n = next(_counter)
    title = title or f"Bài viết thử số {n}"
    fields.setdefault("summary", f"Tóm tắt của bài viết số {n}.")
    fields.setdefault("body", [("paragraph", f"<p>Nội dung bài viết số {n}.</p>")])
    fields.setdefault("slug", f"bai-viet-thu-{n}")
    page = ArticlePage(title=title, date=date, **fields)
    parent.add_child(instance=page)
    if live:
        return publish(page)
    page.save_revision()
    return page


def image(title="Ảnh thử", width=640, height=400, color=(30, 90, 160)):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(buffer, format="PNG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"test-{next(_counter)}.png"))


def banner(title="Bản đồ hành chính", **fields):
    fields.setdefault("image", image(title))
    fields.setdefault("alt_text", f"{title} của huyện")
    return Banner.objects.create(title=title, **fields)

"""The article page's first load on a phone (360 x 740): at most 150 KB, images that neither shift the layout nor load
before they are needed, WebP renditions with a fallback, and no web font that holds back the text.

Measured in Chromium through Playwright's network events: every finished request's transferred size (headers and
encoded body). The live server serves static files uncompressed (WhiteNoise sends them gzip or Brotli in production),
so CSS and JS weigh here at most what a reader downloads.
"""

import contextlib
import io
from collections import defaultdict

import pytest
from django.conf import settings
from django.core.files.images import ImageFile
from django.urls import include, path
from django.views.static import serve
from PIL import Image as PILImage
from PIL import ImageChops
from wagtail.images.models import Image

from portal.demo import images as demo_images
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BUDGET = 150 * 1024
VIEWPORT = {"width": 360, "height": 740}
COUNTED_TYPES = ("document", "stylesheet", "script", "font", "image")


def media(request, path):
    # nginx serves /media/ in production; the live server does not (DEBUG is off), so this test does.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [path("media/<path:path>", media), path("", include("portal.urls"))]


def photo(seed, title):
    """A 1200 x 800 JPEG that weighs like a photograph (~280 KB): the demo's drawn landscape with grain at several
    scales; a flat drawing would shrink to almost nothing and prove little about the budget."""
    picture = PILImage.open(io.BytesIO(demo_images.landscape(seed))).convert("RGB")
    for scale in (1, 2, 4, 8):
        grain = PILImage.effect_noise((picture.width // scale, picture.height // scale), 10)
        picture = ImageChops.add(picture, grain.resize(picture.size, PILImage.BILINEAR).convert("RGB"), offset=-128)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=82)
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"photo-{seed}.jpg"))


PARAGRAPH = ("Sáng nay, tại hội trường Ủy ban nhân dân huyện, đồng bào các dân tộc thôn bản vùng cao đã cùng dự ngày "
             "hội đại đoàn kết, trao đổi về kết quả xây dựng nông thôn mới, giảm nghèo bền vững và chuyển đổi số. ")


@pytest.fixture(scope="module")
def article_path(module_db):
    """Built once for the module (see `module_db` in conftest.py): its tests only read it."""
    home = factories.home_page()
    news = factories.category(home, "Tin tức - Sự kiện")
    party = factories.category(home, "Xây dựng Đảng")
    for n in range(1, 7):
        factories.article(news if n % 2 else party, title=f"Bài viết số {n} về hoạt động của huyện",
                          date=factories.local_dt(2024, 3, n, 8, 30))
    map_image = Image.objects.create(title="Bản đồ hành chính",
                                     file=ImageFile(io.BytesIO(demo_images.administrative_map()), name="map.png"))
    factories.banner("Bản đồ hành chính", image=map_image, alt_text="Bản đồ hành chính các xã của huyện")
    factories.banner("Cổng Dịch vụ công quốc gia", link_url="https://dichvucong.gov.vn/",
                     image=Image.objects.create(title="Cổng Dịch vụ công", file=ImageFile(
                         io.BytesIO(demo_images.flat_banner("dvc")), name="dvc.png")))
    body_photo = photo(11, "Đồng bào dự ngày hội")
    article = factories.article(
        news, title="Ấm áp ngày hội đại đoàn kết toàn dân tộc ở bản vùng cao", date=factories.local_dt(2024, 3, 4, 9),
        author="Lò Văn Thành", feed_image=photo(7, "Bản vùng cao"),
        summary="Ngày hội đại đoàn kết toàn dân tộc ở bản vùng cao diễn ra ấm áp, vui tươi.",
        body=[
            ("paragraph", "<p>" + PARAGRAPH * 4 + "</p><h2>Kết quả nổi bật</h2><p>" + PARAGRAPH * 3 + "</p>"),
            ("image", {"image": {"image": body_photo, "alt_text": "Đồng bào các dân tộc dự ngày hội",
                                 "decorative": False}, "caption": "Đồng bào các dân tộc dự ngày hội"}),
            ("paragraph", "<p>" + PARAGRAPH * 3 + "</p>"
             f'<embed embedtype="image" id="{photo(13, "Múa xòe").pk}" format="fullwidth" alt="Múa xòe"/>'),
        ],
    )
    return article.url


@pytest.fixture
def article_url(module_live_server, settings, article_path):
    settings.ROOT_URLCONF = __name__
    return module_live_server.url + article_path


def first_load(browser, url, scale=1):
    """Open url as a phone would, without scrolling: the page, its finished requests and their responses."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context(viewport=VIEWPORT, locale="vi-VN", is_mobile=True, has_touch=True,
                                  device_scale_factor=scale)
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    response = page.goto(url, wait_until="load")
    assert response.status == 200
    with contextlib.suppress(PlaywrightTimeout):  # a page that never settles is measured as it stands
        page.wait_for_load_state("networkidle", timeout=5000)
    page.wait_for_timeout(300)
    return context, page, finished


def weigh(finished):
    by_type, files = defaultdict(int), []
    for request in finished:
        sizes = request.sizes()
        transferred = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        kind = request.resource_type if request.resource_type in COUNTED_TYPES else "other"
        by_type[kind] += transferred
        files.append((transferred, kind, request.url))
    return by_type, sorted(files, reverse=True)


def breakdown(by_type, files):
    lines = [f"  {kind:10} {size / 1024:7.1f} KB" for kind, size in sorted(by_type.items(), key=lambda i: -i[1])]
    lines += [f"    {size / 1024:7.1f} KB {kind:10} {url}" for size, kind, url in files]
    return "\n".join(lines)


@pytest.mark.parametrize("scale", [1, 2, 3])  # screen pixels per CSS pixel: cheap phones to sharp ones
def test_article_first_load_on_a_phone_is_within_budget(playwright_browser, article_url, scale):
    context, page, finished = first_load(playwright_browser, article_url, scale)
    try:
        by_type, files = weigh(finished)
    finally:
        context.close()
    total = sum(by_type.values())
    report = f"first load of {article_url} at 360 x 740 (x{scale}): {total / 1024:.1f} KB"
    report += f" (budget {BUDGET // 1024} KB)\n"
    report += breakdown(by_type, files)
    print(report)
    assert by_type["document"] > 0 and by_type["image"] > 0, report  # the page and its lead image were measured
    assert total <= BUDGET, report


IMAGES_JS = """() => [...document.querySelectorAll('img')].map(img => ({
  src: img.getAttribute('src'), current: img.currentSrc, width: img.getAttribute('width'),
  height: img.getAttribute('height'), loading: img.getAttribute('loading'), srcset: img.getAttribute('srcset'),
  sizes: img.getAttribute('sizes'), top: img.getBoundingClientRect().top + window.scrollY,
  inArticle: !!img.closest('article.article'), parent: img.parentElement.tagName,
  sources: img.parentElement.tagName === 'PICTURE'
    ? [...img.parentElement.querySelectorAll('source')].map(s => ({type: s.type, srcset: s.srcset})) : [],
}))"""

FONTS_JS = """() => {
  const stylesheets = [...document.querySelectorAll('link[rel~="stylesheet"]')].map(link => link.href);
  const faces = [];
  for (const sheet of document.styleSheets) {
    let rules = [];
    try { rules = [...sheet.cssRules]; } catch (e) { faces.push({family: '?', display: 'unreadable ' + sheet.href}); }
    for (const rule of rules) {
      if (rule instanceof CSSFontFaceRule) {
        faces.push({family: rule.style.getPropertyValue('font-family'),
                    display: rule.style.getPropertyValue('font-display')});
      }
    }
  }
  return {stylesheets, faces};
}"""


def test_article_images_neither_shift_nor_load_early_and_fonts_never_block(playwright_browser, article_url):
    context, page, finished = first_load(playwright_browser, article_url)
    try:
        images = page.evaluate(IMAGES_JS)
        fonts = page.evaluate(FONTS_JS)
        font_requests = [request.url for request in finished if request.resource_type == "font"]
    finally:
        context.close()

    article_images = [img for img in images if img["inArticle"]]
    assert len(article_images) >= 3, images  # the lead image, the body image block, the rich-text image
    # Width and height on every image: the browser keeps their room before they arrive (no layout shift).
    assert [img["src"] for img in images if not (img["width"] and img["height"])] == []
    # Below the first screen: loaded only when the reader scrolls near them.
    below = [img for img in images if img["top"] >= VIEWPORT["height"]]
    assert [img["src"] for img in below if img["loading"] != "lazy"] == []
    assert any(img["inArticle"] for img in below), "the body image should sit below the first screen"
    # Uploaded images are renditions: WebP in <picture>, a JPEG or PNG <img> as the fallback, sizes to choose from.
    renditions = [img for img in images if img["src"].startswith(settings.MEDIA_URL)]
    assert len(renditions) >= len(article_images)
    for img in renditions:
        assert img["parent"] == "PICTURE", img
        webp = [source for source in img["sources"] if source["type"] == "image/webp"]
        assert webp and ".webp" in webp[0]["srcset"] and "w," in webp[0]["srcset"], img
        assert img["src"].rsplit(".", 1)[-1] in ("jpg", "jpeg", "png"), img
        assert img["srcset"] and img["sizes"], img
    hero = article_images[0]
    assert hero["current"].endswith(".webp"), hero  # Chromium took the WebP
    # Fonts: no stylesheet from a font service, and any web font swaps in without hiding the text.
    assert [href for href in fonts["stylesheets"] if "font" in href.lower()] == []
    assert [face for face in fonts["faces"] if face["display"] not in ("swap", "optional")] == []
    if font_requests:
        assert fonts["faces"], font_requests

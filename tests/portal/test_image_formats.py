"""Images inserted in rich text are drawn like the templates' images: WebP with a fallback, srcset, sizes,
width and height, lazy."""

import re

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("image_format, widths", [("fullwidth", (360, 720)), ("left", (240, 480))])
def test_rich_text_image_is_a_responsive_webp_picture(client, category, image_format, widths):
    picture = factories.image("Cầu treo bản Pa Vệ Sủ", 1200, 800)
    body = f'<p>Mở đầu.</p><embed embedtype="image" id="{picture.pk}" format="{image_format}" alt="Cầu treo"/>'
    article = factories.article(category, body=[("paragraph", body)])
    html = client.get(article.url).content.decode()
    element = re.search(r"<picture>.*?</picture>", html.split('class="article-body')[-1], re.S).group(0)
    webp = re.search(r'<source[^>]*type="image/webp"[^>]*>', element).group(0)
    for width in widths:
        assert f".webp {width}w" in webp
    img = re.search(r"<img[^>]*>", element).group(0)
    assert 'loading="lazy"' in img and 'alt="Cầu treo"' in img and "sizes=" in img
    assert re.search(r'width="\d+"', img) and re.search(r'height="\d+"', img)
    assert re.search(r'src="[^"]+\.(jpg|png)"', img)  # the fallback for browsers without WebP

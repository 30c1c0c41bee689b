"""Sitemap, robots.txt, head tags (description, canonical, OpenGraph, JSON-LD), share links, tag pages, print."""

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings
from wagtail.models import PageViewRestriction

from tests import factories
from tests.news.search_helpers import article

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def jsonld(html):
    return [json.loads(text) for text in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def meta(html, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    return match.group(1) if match else None


@pytest.mark.django_db
def test_sitemap_lists_live_public_pages_with_lastmod(client, category):
    live = article(category, "Tin công khai")
    draft = article(category, "Bản nháp", live=False)
    private = article(category, "Tin riêng tư")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ET.fromstring(response.content)  # noqa: S314 - our own response
    urls = {node.findtext(f"{SITEMAP_NS}loc"): node.findtext(f"{SITEMAP_NS}lastmod") for node in tree}
    paths = {re.sub(r"^https?://[^/]+", "", loc): lastmod for loc, lastmod in urls.items()}
    assert live.url in paths and category.url in paths and "/" in paths
    assert draft.url not in paths and private.url not in paths
    assert all(paths[url] for url in (live.url, category.url))


@pytest.mark.django_db
def test_robots_txt(client, home):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines and "Disallow: /tim-kiem/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


@pytest.mark.django_db
def test_every_page_has_title_description_and_canonical(client, category):
    page = article(category, "Tin một", summary="Tóm tắt tin một.")
    for url in ("/", category.url, page.url, f"{category.url}?page=2"):
        html = client.get(url).content.decode()
        assert re.search(r"<title>[^<]+</title>", html), url
        assert meta(html, "name", "description"), url
        assert re.search(r'<link rel="canonical" href="http://[^"]+">', html), url
    html = client.get(page.url).content.decode()
    assert meta(html, "name", "description") == "Tóm tắt tin một."
    assert f'<link rel="canonical" href="http://localhost{page.url}">' in html
    assert '<link rel="canonical" href="http://localhost/xay-dung-dang/?page=2">' in (
        client.get(f"{category.url}?page=2").content.decode())


@pytest.mark.django_db
def test_search_description_wins(client, category):
    page = article(category, "Tin hai", summary="Tóm tắt.", search_description="Mô tả cho máy tìm kiếm.")
    assert meta(client.get(page.url).content.decode(), "name", "description") == "Mô tả cho máy tìm kiếm."


@pytest.mark.django_db
def test_article_opengraph(client, category):
    image = factories.image(width=1600, height=1000)
    page = article(category, "Khánh thành cầu", summary="Cầu mới.", feed_image=image,
                   date=factories.local_dt(2024, 3, 5, 9, 30), tags=["Giao thông"])
    html = client.get(page.url).content.decode()
    assert meta(html, "property", "og:type") == "article"
    assert meta(html, "property", "og:title") == "Khánh thành cầu"
    assert meta(html, "property", "og:description") == "Cầu mới."
    assert meta(html, "property", "article:published_time") == "2024-03-05T09:30:00+07:00"
    og_image = meta(html, "property", "og:image")
    assert og_image.startswith("http://testserver/media/") and "fill-1200x630" in og_image
    assert (meta(html, "property", "og:image:width"), meta(html, "property", "og:image:height")) == ("1200", "630")


@pytest.mark.django_db
def test_article_jsonld(client, home, category):
    from wagtail.models import Site

    from core.models import PortalSettings

    portal = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    portal.unit_name, portal.authority_name = "Mường Tè", "UBND huyện Mường Tè"
    portal.save()
    page = article(category, "Tin có ảnh", author="Lò Văn Thành", feed_image=factories.image(),
                   legacy_rating_total=9, legacy_rating_count=2)
    objects = jsonld(client.get(page.url).content.decode())
    assert [item["@type"] for item in objects] == ["NewsArticle", "BreadcrumbList"]
    news, crumbs = objects
    for key in ("headline", "datePublished", "dateModified", "author", "image", "publisher"):
        assert news[key], key
    assert news["headline"] == "Tin có ảnh" and news["author"] == {"@type": "Person", "name": "Lò Văn Thành"}
    assert news["publisher"]["name"] == "UBND huyện Mường Tè"
    assert news["aggregateRating"]["ratingCount"] == 2
    assert [item["position"] for item in crumbs["itemListElement"]] == [1, 2, 3]
    assert crumbs["itemListElement"][-1]["item"].endswith(page.url)
    assert crumbs["itemListElement"][1]["name"] == category.title


@pytest.mark.django_db
def test_share_links_use_no_third_party_script(client, category):
    page = article(category, "Tin chia sẻ")
    html = client.get(page.url).content.decode()
    assert 'href="https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Flocalhost%2Fxay-dung-dang%2F' in html
    assert 'href="https://sp.zalo.me/share_to?url=http%3A%2F%2Flocalhost%2Fxay-dung-dang%2F' in html
    assert 'data-share="copy"' in html and "data-print" in html
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    assert scripts and all(src.startswith("/static/") for src in scripts)


@pytest.mark.django_db
def test_tag_pages(client, category):
    tagged = article(category, "Tin biên giới", tags=["Biên giới", "Quốc phòng"])
    article(category, "Tin khác", tags=["Quốc phòng"])
    article(category, "Bản nháp biên giới", tags=["Biên giới"], live=False)
    html = client.get(tagged.url).content.decode()
    links = re.findall(r'<a class="tag" href="([^"]+)">([^<]+)</a>', html)
    assert {name for _href, name in links} == {"Biên giới", "Quốc phòng"}
    href = dict((name, href) for href, name in links)["Biên giới"]
    assert href.startswith("/chu-de/")
    response = client.get(href)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tin biên giới" in body and "Bản nháp biên giới" not in body and "Tin khác" not in body
    assert client.get("/chu-de/khong-co/").status_code == 404


@pytest.mark.django_db
def test_tag_page_is_paginated(client, category):
    for n in range(12):
        article(category, f"Tin thứ {n}", tags=["Nông thôn mới"])
    tagged = client.get(article(category, "Một tin nữa", tags=["Nông thôn mới"]).url).content.decode()
    href = re.search(r'<a class="tag" href="([^"]+)"', tagged).group(1)
    first = client.get(href).content.decode()
    second = client.get(href, {"page": 2}).content.decode()
    assert first.count('class="card"') == 10 and second.count('class="card"') == 3


def test_print_stylesheet():
    css = (Path(settings.BASE_DIR) / "static/css/portal.css").read_text()
    blocks = re.findall(r"@media print\s*{(.*?)\n}", css, re.S)
    rules = "\n".join(blocks)
    for selector in (".main-menu", ".sidebar", ".comments", ".share-links", "button", ".site-search"):
        assert selector in rules, selector
    assert ".print-source { display: block" in rules


@pytest.mark.django_db
def test_article_prints_portal_name_and_url(client, category):
    page = article(category, "Tin in")
    html = client.get(page.url).content.decode()
    assert re.search(rf'<p class="print-source">[^<]+ — http://localhost{re.escape(page.url)}</p>', html)

"""RSS 2.0 feeds for the portal and each category: validity and content."""

import datetime
import email.utils
import xml.etree.ElementTree as ET

import feedparser
import pytest

from tests import factories
from tests.news.search_helpers import article


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    return feed, ET.fromstring(response.content)  # noqa: S314 - our own response


@pytest.mark.django_db
def test_portal_feed_has_the_30_newest_articles(client, category, home):
    other = factories.category(home, "Tin tức - Sự kiện", slug="tin-tuc")
    for n in range(32):
        date = factories.local_dt(2024, 1, 1) + datetime.timedelta(hours=n)
        article(other if n % 2 else category, f"Tin số {n}", date=date)
    feed, tree = parse(client.get("/rss/"))
    assert len(feed.entries) == 30
    assert feed.entries[0].title == "Tin số 31" and feed.entries[-1].title == "Tin số 2"
    channel = tree.find("channel")
    assert channel.findtext("title") and channel.findtext("link") and channel.findtext("description")


@pytest.mark.django_db
def test_item_fields(client, category):
    image = factories.image(width=1600, height=900)
    page = article(category, "Khánh thành cầu Nậm Củm", summary="Cây cầu nối đôi bờ.", author="Lò Văn Thành",
                   date=factories.local_dt(2024, 3, 5, 9, 30), feed_image=image)
    feed, tree = parse(client.get("/rss/"))
    entry = feed.entries[0]
    item = tree.find("channel/item")
    assert entry.title == page.title
    assert entry.link == f"http://testserver{page.url}"
    assert entry.summary == "Cây cầu nối đôi bờ."
    assert entry.id == f"http://testserver{page.url}"
    assert [tag.term for tag in entry.tags] == [category.title]
    pub_date = item.findtext("pubDate")
    assert pub_date == "Tue, 05 Mar 2024 09:30:00 +0700"
    assert email.utils.parsedate_to_datetime(pub_date).isoformat() == "2024-03-05T09:30:00+07:00"
    enclosure = item.find("enclosure")
    assert enclosure.get("type") == "image/jpeg" and int(enclosure.get("length")) > 0
    assert enclosure.get("url").startswith("http://testserver/") and "1200x630" in enclosure.get("url")


@pytest.mark.django_db
def test_category_feed_lists_only_its_articles(client, category, home):
    other = factories.category(home, "Tin tức - Sự kiện", slug="tin-tuc")
    sub = factories.category(category, "Học tập và làm theo Bác", slug="hoc-tap")
    mine = article(category, "Tin xây dựng Đảng")
    nested = article(sub, "Tin học tập")
    article(other, "Tin khác")
    article(category, "Bản nháp", live=False)
    feed, tree = parse(client.get(f"{category.url}rss/"))
    assert category.url == "/xay-dung-dang/"
    assert {entry.title for entry in feed.entries} == {mine.title, nested.title}
    assert category.title in feed.feed.title
    atom_self = tree.find("channel/{http://www.w3.org/2005/Atom}link")
    assert atom_self.get("href") == "http://testserver/xay-dung-dang/rss/"


@pytest.mark.django_db
def test_category_page_still_works_and_links_its_feed(client, category):
    article(category, "Tin một")
    html = client.get(category.url).content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/rss/"' in html and 'href="/xay-dung-dang/rss/"' in html


@pytest.mark.django_db
def test_every_page_links_the_portal_feed(client, category):
    page = article(category, "Tin một")
    for url in ("/", page.url, "/tim-kiem/?q=x"):
        html = client.get(url).content.decode()
        assert 'rel="alternate" type="application/rss+xml"' in html and 'href="/rss/"' in html
    assert 'href="/xay-dung-dang/rss/"' in client.get(page.url).content.decode()


@pytest.mark.django_db
def test_feed_escapes_markup(client, category):
    article(category, "Tin <b>đậm</b> & nghiêng", summary="Tóm tắt <script>x</script> & more")
    feed, _ = parse(client.get("/rss/"))
    assert feed.entries[0].title == "Tin <b>đậm</b> & nghiêng"


@pytest.mark.django_db
def test_empty_feed_is_valid(client, home):
    feed, _ = parse(client.get("/rss/"))
    assert feed.entries == []

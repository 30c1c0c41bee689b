"""Builders for the search, feed and SEO tests."""

from tests import factories


def article(parent, title, body="", tags=(), live=True, **fields):
    """An article with the given body paragraph and tags, published (so indexed) unless live=False."""
    fields.setdefault("body", [("paragraph", f"<p>{body or 'Nội dung.'}</p>")])
    page = factories.article(parent, title=title, live=False, **fields)
    if tags:
        page.tags.add(*tags)
        page.save_revision()
    if live:
        page = factories.publish(page)
    return page


def result_titles(html):
    """Titles of the results on a search page, in order (the first link of each data-search-result)."""
    import re

    from django.utils.html import strip_tags

    titles = []
    for block in html.split("data-search-result")[1:]:
        match = re.search(r"<a href=\"([^\"]+)\">(.*?)</a>", block, re.S)
        titles.append(strip_tags(match.group(2)).strip())
    return titles


def result_count(html):
    import re

    match = re.search(r'data-search="count"[^>]*>([^<]*)<', html)
    return match.group(1).strip() if match else None

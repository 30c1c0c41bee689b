"""One address cannot inflate an article's ratings: at most three per article per day from one client address,
whatever User-Agent or cookies it presents; other addresses and other articles are not affected."""

import pytest
from django.test import Client

from news.models import Rating
from tests import factories
from tests.news.feedback_helpers import JSON, rate_url

pytestmark = pytest.mark.django_db


def rate(page, ip="203.0.113.7", ua="Mozilla/5.0", score="5", **extra):
    # A fresh client each time: no rater cookie, as a script that drops its cookies.
    return Client().post(rate_url(page), {"score": score}, REMOTE_ADDR=ip, HTTP_USER_AGENT=ua, **extra)


def test_one_address_cycling_user_agents_adds_three(article):
    codes = [rate(article, ua=f"Mozilla/5.0 (Rotating {n}) Chrome/{100 + n}.0").status_code for n in range(57)]
    assert codes[:3] == [302] * 3
    assert set(codes[3:]) == {429}
    assert article.rating_totals() == (15, 3)
    assert Rating.objects.filter(page=article).count() == 3


def test_refusal_is_told_like_the_other_limits(article):
    for n in range(3):
        assert rate(article, ua=f"UA {n}").status_code == 302
    response = rate(article, ua="UA 4", **JSON)
    assert response.status_code == 429
    assert response.json()["ok"] is False and response.json()["message"]
    page = rate(article, ua="UA 5")
    assert page.status_code == 429 and "feedback-error" in page.content.decode()


def test_the_cap_is_per_address_and_per_article(article, category):
    other = factories.article(category)
    for n in range(3):
        assert rate(article, ua=f"UA {n}").status_code == 302
    assert rate(article, ua="UA 9").status_code == 429
    # The same address may still rate another article; another address this one.
    assert rate(other, ua="UA 9").status_code == 302
    assert rate(article, ip="203.0.113.8", ua="UA 9").status_code == 302
    assert article.rating_totals() == (20, 4)


def test_a_repeat_does_not_use_up_the_address_allowance(article):
    """An office behind one address: a colleague's second click is refused as a repeat (409) and leaves room for
    three different people."""
    first = Client()
    assert first.post(rate_url(article), {"score": "4"}, REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="A").status_code \
        == 302
    for _ in range(3):
        assert first.post(rate_url(article), {"score": "4"}, REMOTE_ADDR="203.0.113.7",
                          HTTP_USER_AGENT="A").status_code == 409
    assert rate(article, ua="B").status_code == 302
    assert rate(article, ua="C").status_code == 302
    assert rate(article, ua="D").status_code == 429
    assert article.rating_totals() == (14, 3)


def test_behind_a_trusted_proxy_the_client_address_counts(article, settings):
    settings.PORTAL_TRUSTED_PROXIES = ["10.0.0.1"]
    codes = [
        rate(article, ip="10.0.0.1", ua=f"UA {n}", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(1, 6)
    ]
    assert codes == [302] * 5  # five readers behind one proxy
    codes = [
        rate(article, ip="10.0.0.1", ua=f"UA {n}", HTTP_X_FORWARDED_FOR="198.51.100.77").status_code
        for n in range(6, 11)
    ]
    assert codes == [302, 302, 302, 429, 429]


def test_the_allowance_is_a_setting(article, settings):
    settings.PORTAL_COMMENT_RATE_LIMITS = {"rating_article_ip": (1, 24 * 3600)}
    assert [rate(article, ua=f"UA {n}").status_code for n in range(3)] == [302, 429, 429]

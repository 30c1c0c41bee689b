from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from portal import keepalive, login_throttle, two_factor, views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # The unit's settings moved from the shell to core; bookmarks and guides keep their old address.
    re_path(
        r"^admin/settings/portal/portalsettings/(?P<rest>.*)$",
        RedirectView.as_view(url="/admin/settings/core/portalsettings/%(rest)s", query_string=True),
    ),
    # So did the organisation's units (the chart and the questions both use them).
    re_path(
        r"^admin/snippets/organisation/unit/(?P<rest>.*)$",
        RedirectView.as_view(url="/admin/snippets/core/unit/%(rest)s", query_string=True),
    ),
    # Before Wagtail's admin, which has the same address: its password reset with a limit per client address, and
    # the two-step verification pages (portal/login_throttle.py, portal/two_factor.py).
    path("admin/password_reset/", login_throttle.PasswordResetView.as_view(), name="portal_password_reset"),
    path("admin/2fa/", two_factor.verify, name="portal_2fa_verify"),
    path("admin/2fa/setup/", two_factor.setup, name="portal_2fa_setup"),
    path("admin/", include(wagtailadmin_urls)),
    # A document id is a database id: a longer run of digits is no document (Wagtail's view would give it to int(),
    # which refuses more than 4,300 digits with an error).
    re_path(r"^documents/\d{19,}/", views.not_found),
    path("documents/", include(wagtaildocs_urls)),
    path("tim-kiem/", views.search, name="search"),  # the site search: articles, then the other types
    # The logged-in session on every page: the idle dialog's keep-alive and logout (portal/keepalive.py).
    path("phien-dang-nhap/duy-tri/", keepalive.keep_alive, name="keep_alive"),
    path("phien-dang-nhap/dang-xuat/", keepalive.idle_logout, name="idle_logout"),
    path("", include("news.urls")),  # readers' comments and ratings
    path("", include("news.search_urls")),  # tag pages, the portal feed
    path("ho-so/", include("dossiers.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if settings.PORTAL_BENCH_VIEW:  # bench/pages.py's baseline: a bare Django view, mounted only when asked
    urlpatterns.append(path("_bench/bare", views.bench_bare))

urlpatterns += [
    # Wagtail's page serving is last: it owns every remaining path. Its pattern takes letters, digits, "-" and "_"
    # per segment; the one after it also takes dots below a page, for the sub-addresses pages route themselves, such
    # as a procedure's official code (/thu-tuc-hanh-chinh/1.001234.000.00.00.H35/). Not in the first segment and not
    # under the files' prefixes, so that a missing /favicon.ico or /static/x.css is a plain 404, not a redirect.
    path("", include(wagtail_urls)),
    re_path(r"^(?!static/|media/|documents/)((?:[\w\-]+/)(?:[\w\-.]+/)+)$", wagtail_views.serve,
            name="wagtail_serve_dotted"),
]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

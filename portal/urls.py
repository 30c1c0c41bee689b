from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from portal import keepalive, views

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
    path("admin/", include(wagtailadmin_urls)),
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
    # Wagtail's page serving is last: it owns every remaining path.
    path("", include(wagtail_urls)),
]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from portal import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("sitemap.xml", sitemap, name="sitemap"),
    # The unit's settings moved from the shell to core; bookmarks and guides keep their old address.
    re_path(
        r"^admin/settings/portal/portalsettings/(?P<rest>.*)$",
        RedirectView.as_view(url="/admin/settings/core/portalsettings/%(rest)s", query_string=True),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("tim-kiem/", views.search, name="search"),  # the site search: articles, then the other types
    path("", include("news.urls")),  # readers' comments, ratings and the keep-alive
    path("", include("news.search_urls")),  # tag pages, the portal feed, robots.txt
    path("ho-so/", include("dossiers.urls")),
    path("thu-tuc-hanh-chinh/", include("dossiers.catalogue_urls")),  # also served by ProcedureIndexPage
    path("hoi-dap/", include("questions.urls")),  # also served by QuestionIndexPage
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

"""Tag pages and the portal feed, mounted before Wagtail's page serving in portal/urls.py.

Category feeds (<category path>rss/) are routes of ArticleIndexPage itself.
"""

from django.urls import path

from . import search_views

urlpatterns = [
    path("chu-de/<str:slug>/", search_views.tag_page, name="tag_page"),
    path("rss/", search_views.portal_feed, name="portal_rss"),
]

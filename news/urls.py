"""Readers' feedback URLs, mounted before Wagtail's page serving in portal/urls.py."""

from django.urls import path

from . import views

app_name = "news"

urlpatterns = [
    path("binh-luan/<int:page_id>/", views.post_comment, name="comment"),
    path("danh-gia/<int:page_id>/", views.rate_article, name="rate"),
]

"""Mounted at /thu-tuc-hanh-chinh/ before Wagtail's catch-all (see portal/urls.py)."""

from django.urls import path

from . import catalogue

urlpatterns = [
    path("", catalogue.catalogue, name="procedure_catalogue"),
    path("<str:code>/", catalogue.procedure_detail, name="procedure_detail"),
]

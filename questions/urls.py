"""Mounted at /hoi-dap/ before Wagtail's catch-all (see portal/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.question_index, name="question_index"),
    path("<int:pk>/", views.question_detail, name="question_detail"),
]

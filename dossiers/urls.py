from django.urls import path, re_path

from . import views

app_name = "dossiers"

urlpatterns = [
    path("thong-ke/", views.monthly_report, name="report_current"),
    re_path(r"^thong-ke/(?P<month>\d{4}-\d{2})/$", views.monthly_report, name="report"),
    path("tra-cuu/", views.lookup, name="lookup"),
]

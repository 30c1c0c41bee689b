"""Public pages: the monthly report (with downloads) and the citizen's status lookup."""

import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from core import guard, params
from core.client import client_ip

from . import aggregation, report, rules
from .models import ABANDONED_STATUSES, Dossier
from .templatetags.dossier_tags import level_rows

# Lookups per address and window: plenty for a citizen, too few to walk through receipt codes.
LOOKUP_LIMIT = 20
LOOKUP_WINDOW = 600


def _month(value):
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise Http404("no such month") from None


def monthly_report(request, month=None):
    today = timezone.localdate()
    current = rules.period_month(today, aggregation.period_mode())
    month = _month(month) if month else current
    if month > current or month.year < 2000:
        raise Http404("no report for this month")
    data = report.build(month)
    download = request.GET.get("format")
    if download in ("csv", "xlsx"):
        name = f"bao-cao-ho-so-{month:%Y-%m}.{download}"
        if download == "csv":
            response = HttpResponse(report.as_csv(data), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                report.as_xlsx(data),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    context = {
        "report": data,
        "figures": data.total,
        "levels": level_rows(data.levels),
        "chart": report.chart(month, data.total),
        "previous_month": rules.add_months(month, -1),
        "next_month": rules.add_months(month, 1) if month < current else None,
        "official_period": aggregation.period_mode() == rules.OFFICIAL_PERIOD,
    }
    return render(request, "dossiers/monthly_summary.html", context)


def _over_limit(request):
    """One lookup counted per client (its real address behind trusted proxies), shared by every worker."""
    client = guard.keyed_hash("dossiers-lookup", client_ip(request))
    return guard.rate_limited("dossiers", "lookup", client, (LOOKUP_LIMIT, LOOKUP_WINDOW))


@never_cache
def lookup(request):
    code = params.text(request.GET.get("ma"), 60)
    if not code:
        return render(request, "dossiers/dossier_lookup.html", {"code": ""})
    if _over_limit(request):
        response = render(
            request, "dossiers/dossier_lookup.html", {"code": code, "limited": True}, status=429
        )
        response["Retry-After"] = str(LOOKUP_WINDOW)
        return response
    dossier = Dossier.objects.select_related("procedure", "agency").filter(code=code).first()
    if dossier is None:
        return render(request, "dossiers/dossier_lookup.html", {"code": code, "not_found": True}, status=404)
    context = {
        "code": code,
        "dossier": dossier,
        "outcome": dossier.outcome,
        "abandoned": dossier.status in ABANDONED_STATUSES,
    }
    return render(request, "dossiers/dossier_lookup.html", context)

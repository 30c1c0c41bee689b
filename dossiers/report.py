"""The monthly report's content: stored (or, for a month never stored, freshly computed) figures,
the 12-month chart as server-side SVG, and the CSV / XLSX downloads."""

import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from core import exports

from . import aggregation, rules
from .models import Agency, MonthlySummary


@dataclass
class Row:
    name: str
    figures: rules.Figures


@dataclass
class Report:
    month: object
    period_start: object
    period_end: object
    reference_date: object
    computed_at: object
    agency_name: str
    levels: dict
    total: rules.Figures
    rows: list
    stored: bool


def build(month):
    """The report of reporting month `month` (its first day)."""
    summaries = list(MonthlySummary.objects.filter(month=month).order_by("agency_name"))
    unit = next((summary for summary in summaries if summary.agency_id is None), None)
    if unit is not None:
        rows = [Row(s.agency_name, s.figures) for s in summaries if s.agency_id is not None]
        return Report(
            month,
            unit.period_start,
            unit.period_end,
            unit.reference_date,
            unit.computed_at,
            unit.agency_name,
            unit.levels,
            unit.figures,
            rows,
            stored=True,
        )
    # A month no timer has stored yet (an old one): computed for this reader, not stored.
    start, end, ref, per_agency, total = aggregation.compute(month)
    names = dict(Agency.objects.filter(pk__in=per_agency).values_list("pk", "name"))
    rows = sorted((Row(names[pk], figures) for pk, figures in per_agency.items()), key=lambda row: row.name)
    return Report(
        month,
        start,
        end,
        ref,
        timezone.now(),
        aggregation.unit_name(),
        aggregation.level_counts(),
        total,
        rows,
        stored=False,
    )


def chart(month, current):
    """The on-time rate of the 12 months up to `month`, from the stored summaries, as SVG geometry."""
    first = rules.add_months(month, -11)
    stored = {
        s.month: s.figures
        for s in MonthlySummary.objects.filter(agency__isnull=True, month__gte=first, month__lte=month)
    }
    stored[month] = current
    width, height, top, bottom, left = 640, 240, 16, 40, 40
    plot = height - top - bottom
    step = (width - left - 8) / 12
    bars = []
    for index in range(12):
        key = rules.add_months(first, index)
        figures = stored.get(key)
        value = None
        if figures is not None and figures.resolved:
            value = (figures.ontime * 100) / figures.resolved
        bar_height = plot * (value or 0) / 100
        bars.append(
            {
                "month": key,
                "label": f"{key:%m/%y}",
                "text": figures.ontime_pct if figures is not None else "—",
                "x": round(left + index * step + step * 0.15, 1),
                "label_x": round(left + index * step + step / 2, 1),
                "width": round(step * 0.7, 1),
                "y": round(top + plot - bar_height, 1),
                "height": round(bar_height, 1),
                "has_value": value is not None,
            }
        )
    grid = [
        {"y": round(top + plot - plot * pct / 100, 1), "label": f"{pct}%"} for pct in (0, 25, 50, 75, 100)
    ]
    return {
        "bars": bars,
        "grid": grid,
        "width": width,
        "height": height,
        "left": left,
        "baseline": top + plot,
        "label_y": height - bottom + 16,
        "value_y": height - 6,
    }


def table(report):
    """Header and rows for the downloads: every figure of rule 4 and 5, per agency and in total."""
    header = [
        _("Agency"),
        _("Received"),
        _("online"),
        _("in person"),
        _("by post"),
        _("Carried over"),
        _("Resolved"),
        _("before the due date"),
        _("on the due date"),
        _("overdue"),
        _("In progress at the end"),
        _("of which overdue"),
        _("Returned or withdrawn"),
        _("Before or on time %"),
        _("Overdue %"),
        _("Index 766 rate"),
    ]
    lines = []
    for row in [*report.rows, Row(_("Total"), report.total)]:
        f = row.figures
        lines.append(
            [
                row.name,
                f.received,
                f.received_online,
                f.received_direct,
                f.received_postal,
                f.carried_over,
                f.resolved,
                f.resolved_before,
                f.resolved_on_due,
                f.resolved_overdue,
                f.in_progress,
                f.in_progress_overdue,
                f.returned,
                f.ontime_pct,
                f.overdue_pct,
                f.rate_766,
            ]
        )
    return header, lines


def title(report):
    return _("Dossier processing, %(month)s, %(start)s to %(end)s") % {
        "month": f"{report.month:%m/%Y}",
        "start": f"{report.period_start:%d/%m/%Y}",
        "end": f"{report.period_end:%d/%m/%Y}",
    }


def as_csv(report):
    header, lines = table(report)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so that Excel reads it as UTF-8
    writer = exports.writer(buffer)  # an agency named "=..." stays text in the spreadsheet
    writer.writerow(header)
    writer.writerows(lines)
    return buffer.getvalue().encode("utf-8")


def as_xlsx(report):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    header, lines = table(report)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{report.month:%Y-%m}"
    sheet.append(exports.neutralise_row([title(report)]))
    sheet["A1"].font = Font(bold=True)
    sheet.append([])
    sheet.append(exports.neutralise_row(header))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for line in lines:
        sheet.append(exports.neutralise_row(line))
    sheet.column_dimensions["A"].width = 36
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

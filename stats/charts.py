"""Small server-rendered SVG line charts for the admin report (no JavaScript, no third-party asset).

No inline style: the classes (grid, tick) are styled by static/stats/report.css."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core.formatting import vi_number

WIDTH, HEIGHT = 760, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 12, 12, 34
# Each series differs by dash pattern as well as colour, so the chart reads without colour.
STYLES = [("#0b4f8a", ""), ("#a3141c", "6 4"), ("#2e7d32", "2 3")]


def _f(number):
    return f"{number:.1f}"


def _nice_max(value):
    if value <= 5:
        return 5
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return int(step * magnitude)
    return int(10 * magnitude)


def line_chart(chart_id, title, labels, series, label_every=1):
    """labels: x-axis texts; series: [(name, [values])]. Returns safe SVG markup."""
    top = _nice_max(max([max(values or [0]) for _, values in series] + [0]))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = max(len(labels), 1)

    def x(i):
        return LEFT + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(v):
        return TOP + plot_h - plot_h * v / top

    grid = format_html_join(
        "", '<line x1="{}" y1="{}" x2="{}" y2="{}" class="grid"/>'
            '<text x="{}" y="{}" class="tick" text-anchor="end">{}</text>',
        ((LEFT, _f(y(top * k / 4)), WIDTH - RIGHT, _f(y(top * k / 4)), LEFT - 6, _f(y(top * k / 4) + 4),
          vi_number(top * k / 4)) for k in range(5)),
    )
    ticks = format_html_join(
        "", '<text x="{}" y="{}" class="tick" text-anchor="middle">{}</text>',
        ((_f(x(i)), HEIGHT - BOTTOM + 18, label) for i, label in enumerate(labels) if i % label_every == 0),
    )
    lines = format_html_join(
        "", '<polyline points="{}" fill="none" stroke="{}" stroke-width="2" stroke-dasharray="{}">'
            "<title>{}</title></polyline>",
        ((" ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values)), STYLES[k % 3][0],
          STYLES[k % 3][1] or "none", name) for k, (name, values) in enumerate(series)),
    )
    legend = format_html_join(
        "", '<li><svg width="28" height="10" aria-hidden="true">'
            '<line x1="0" y1="5" x2="28" y2="5" stroke="{}" stroke-width="2" stroke-dasharray="{}"/>'
            "</svg> {}</li>",
        ((STYLES[k % 3][0], STYLES[k % 3][1] or "none", name) for k, (name, _) in enumerate(series)),
    )
    return format_html(
        '<figure class="stats-chart">'
        '<svg viewBox="0 0 {w} {h}" width="100%" role="img" aria-labelledby="{id}-t">'
        '<title id="{id}-t">{title}</title>'
        "{grid}{ticks}{lines}</svg>"
        '<figcaption><ul class="stats-legend">{legend}</ul></figcaption></figure>',
        w=WIDTH, h=HEIGHT, id=chart_id, title=title, grid=grid, ticks=ticks, lines=lines, legend=legend,
    ) if series else mark_safe("")  # noqa: S308 - a constant empty string

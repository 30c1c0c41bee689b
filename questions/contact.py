"""The contact page's serving: Wagtail's form handling behind the same defences as the questions."""

from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse

from . import guard


def serve_contact(page, request, *args, **kwargs):
    if request.method != "POST":
        if request.GET.get("sent") == "1":
            return page.render_landing_page(request, None, *args, **kwargs)
        form = page.get_form(page=page, user=request.user)
        return _render(page, request, form)
    form = page.get_form(request.POST, request.FILES, page=page, user=request.user)
    refused = guard.refusal(request, form, "contact")
    if refused == guard.HONEYPOT_TRIPPED:
        return HttpResponseRedirect(page.url + "?sent=1")
    if refused is None and form.is_valid():
        page.process_form_submission(form)
        return HttpResponseRedirect(page.url + "?sent=1")
    status = 429 if refused == guard.RATE_LIMITED else 400
    return _render(page, request, form, refused=refused, status=status)


def _render(page, request, form, refused=None, status=200):
    context = page.get_context(request)
    context.update(form=form, refused=refused)
    return TemplateResponse(request, page.get_template(request), context, status=status)

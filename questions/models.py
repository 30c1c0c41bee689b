"""Citizens' questions ("Hỏi đáp", private until answered and published) and the contact form ("Liên hệ")."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core.text import fold, search_filter

from . import guard, submissions
from .contact import serve_contact
from .forms import QuestionForm
from .guard import GUARD_FIELDS, add_guard_fields

ANSWER_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]
PER_PAGE = 10


class QuestionIndexPage(RoutablePageMixin, Page):
    """The Q&A page at /hoi-dap/: the question form and the published questions, newest first; each published
    question at /hoi-dap/<number>/."""

    # The query parameters this page reads; the page cache ignores every other one (portal/page_cache.py).
    cache_parameters = ("q", "page", "sent")

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count = 1
    search_fields = Page.search_fields + [index.SearchField("intro")]
    template = "questions/question_index_page.html"

    class Meta:
        verbose_name = _("questions and answers page")

    @path("", name="question_index")
    def question_index(self, request):
        """The form (a question is stored private, for staff) and the published questions, searchable."""
        status = 200
        refused = None
        if request.method == "POST":
            form = QuestionForm(request.POST)
            refused = guard.refusal(request, form, "question")
            if refused == guard.HONEYPOT_TRIPPED:
                # A bot: it is told what a person would be told, and nothing is kept.
                return HttpResponseRedirect(self.url + "?sent=1#question-sent")
            if refused is None and form.is_valid():
                data = form.cleaned_data
                Question.objects.create(
                    name=data["name"], email=data["email"], phone=data["phone"], show_name=data["show_name"],
                    subject=data["subject"], question=data["question"],
                )
                return HttpResponseRedirect(self.url + "?sent=1#question-sent")
            status = 429 if refused == guard.RATE_LIMITED else 400
        else:
            form = QuestionForm()
        query = request.GET.get("q", "").strip()[:200]
        questions = Question.objects.published().select_related("unit")
        if query:
            questions = search_filter(questions, "search_text", query)
        context = {
            **self.get_context(request),
            "title": self.title,
            "form": form,
            "refused": refused,
            "sent": request.method == "GET" and request.GET.get("sent") == "1",
            "query": query,
            "questions": Paginator(questions, PER_PAGE).get_page(request.GET.get("page")),
            "query_prefix": urlencode({"q": query}) if query else "",
        }
        return TemplateResponse(request, self.get_template(request), context, status=status)

    @path("<int:pk>/", name="question_detail")
    def question_detail(self, request, pk):
        """One published question and its answer; a private one is not found."""
        question = Question.objects.published().select_related("unit").filter(pk=pk).first()
        if question is None:
            raise Http404("no such published question")
        context = {**self.get_context(request), "question": question}
        return TemplateResponse(request, "questions/question_detail.html", context)

    def question_url(self, question_id):
        return self.url + self.reverse_subpage("question_detail", args=[question_id])

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        root = self.get_url(request=request, current_site=self.get_site())
        # Published questions only: a private one is never listed anywhere.
        for question in Question.objects.published().only("pk", "answered_at"):
            urls.append({
                "location": root + self.reverse_subpage("question_detail", args=[question.pk]),
                "lastmod": question.answered_at,
            })
        return urls


class QuestionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True).exclude(answer="").order_by("-answered_at", "-pk")


class Question(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email"), max_length=200)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    show_name = models.BooleanField(
        _("show the name"), default=False,
        help_text=_("The asker's choice: their name is shown with the published answer. Otherwise it is hidden."),
    )
    subject = models.CharField(_("subject"), max_length=200)
    question = models.TextField(_("question"), max_length=4000)
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    unit = models.ForeignKey(
        "core.Unit", verbose_name=_("assigned to"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="questions",
    )
    answer = RichTextField(_("answer"), blank=True, features=ANSWER_FEATURES)
    published = models.BooleanField(
        _("published"), default=False,
        help_text=_("Show the question and its answer on the portal. The asker's email and phone are never shown, "
                    "their name only if they chose so."),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )
    asker_notified_at = models.DateTimeField(_("asker notified at"), null=True, blank=True, editable=False)
    # Folded subject, question and answer (core.text.fold), refreshed on save, for the accent-free search.
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)

    objects = QuestionQuerySet.as_manager()

    panels = [
        MultiFieldPanel([
            FieldPanel("subject", read_only=True),
            FieldPanel("question", read_only=True),
            FieldRowPanel([FieldPanel("name", read_only=True), FieldPanel("asked_at", read_only=True)]),
            FieldRowPanel([FieldPanel("email", read_only=True), FieldPanel("phone", read_only=True)]),
            FieldPanel("show_name", read_only=True),
        ], heading=_("The question")),
        FieldPanel("unit"),
        FieldPanel("answer"),
        FieldPanel("published"),
    ]
    search_fields = [
        index.SearchField("subject"),
        index.SearchField("question"),
        index.SearchField("answer"),
        index.SearchField("search_text"),
        index.FilterField("published"),
    ]

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-asked_at", "-pk"]
        indexes = [models.Index(fields=["published", "answered_at"])]

    def __str__(self):
        return self.subject

    def save(self, *args, **kwargs):
        if self.is_answered and self.answered_at is None:
            self.answered_at = timezone.now()
        self.search_text = fold(f"{self.subject} {self.question} {strip_tags(self.answer or '')}")
        if not self._state.adding and kwargs.get("update_fields") is None:
            # The notification mark is written by notifications.notify_asker alone; an admin form
            # holding an older copy must not reset it (which would email the asker again).
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "asker_notified_at"
            ]
        super().save(*args, **kwargs)

    @property
    def is_answered(self):
        return bool(self.answer and self.answer.strip())

    @property
    def is_public(self):
        return self.published and self.is_answered

    def get_url(self):
        """The question's public address under the Q&A page; None while it is private."""
        if not self.is_public:
            return None
        page = QuestionIndexPage.objects.live().public().first()
        return page.question_url(self.pk) if page else None


class ContactFormField(AbstractFormField):
    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactPage(AbstractEmailForm):
    """"Liên hệ": the unit's contacts, a map image and a form whose submissions are stored and emailed."""

    # The query parameters this page reads; the page cache ignores every other one (portal/page_cache.py).
    cache_parameters = ("sent",)

    intro = RichTextField(_("contacts"), blank=True, features=["bold", "italic", "link", "ul"])
    map_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("map image"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    map_alt = models.CharField(_("map description"), max_length=255, blank=True,
                               help_text=_("What the map shows, read aloud to blind readers."))
    thank_you_text = RichTextField(_("thank-you text"), blank=True, features=["bold", "italic", "link"])

    content_panels = AbstractEmailForm.content_panels + [
        submissions.ContactSubmissionsPanel(),
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("map_image"), FieldPanel("map_alt")], heading=_("Map")),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
            FieldPanel("subject"),
        ], heading=_("Email")),
    ]
    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count = 1
    search_fields = Page.search_fields + [index.SearchField("intro")]
    template = "questions/contact_page.html"
    landing_page_template = "questions/contact_page_landing.html"

    class Meta:
        verbose_name = _("contact page")
        permissions = [("view_contact_submissions", _("Can view and export the contact form's submissions"))]

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        add_guard_fields(form, "contact")
        return form

    def serve(self, request, *args, **kwargs):
        return serve_contact(self, request, *args, **kwargs)

    def get_submissions_list_view_class(self):
        return submissions.list_view_class()

    def process_form_submission(self, form):
        for name in GUARD_FIELDS:
            form.cleaned_data.pop(name, None)
        return super().process_form_submission(form)

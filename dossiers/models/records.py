"""The records: agencies, procedures, dossiers, the calendar's exceptions and the stored monthly summary."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import fold

from .. import rules
from ..calendar import WorkingCalendar


class OnlineLevel(models.TextChoices):
    """Online service level: 1-4 in the old scheme, 'toàn trình' / 'một phần' since Decree 42/2022."""

    LEVEL_1 = "1", _("Level 1")
    LEVEL_2 = "2", _("Level 2")
    LEVEL_3 = "3", _("Level 3")
    LEVEL_4 = "4", _("Level 4")
    FULL = "toan_trinh", _("Fully online")
    PARTIAL = "mot_phan", _("Partly online")


class Channel(models.TextChoices):
    DIRECT = "truc_tiep", _("In person")
    ONLINE = "truc_tuyen", _("Online")
    POSTAL = "buu_chinh", _("By post")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    PROCESSING = "processing", _("Being processed")
    SUPPLEMENT = "supplement", _("Waiting for the applicant's supplement")
    RESOLVED = "resolved", _("Result issued")
    RETURNED = "returned", _("Returned to the applicant")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A dossier with one of these statuses is finished; resolved_at holds when it happened.
FINISHED_STATUSES = (Status.RESOLVED, Status.RETURNED, Status.WITHDRAWN)
ABANDONED_STATUSES = (Status.RETURNED, Status.WITHDRAWN)


class Agency(models.Model):
    name = models.CharField(_("name"), max_length=160, unique=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Procedure(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=500)
    sector = models.CharField(_("sector"), max_length=160, blank=True)
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="procedures"
    )
    processing_days = models.PositiveSmallIntegerField(
        _("processing time (working days)"),
        default=0,
        help_text=_("0 means the result is issued on the day of receipt."),
    )
    online_level = models.CharField(_("online service level"), max_length=12, choices=OnlineLevel.choices)
    active = models.BooleanField(_("active"), default=True)
    # The public catalogue ("Thủ tục hành chính"): what a citizen needs before coming to the desk.
    fees = models.TextField(_("fees and charges"), blank=True, help_text=_("E.g. “Free” or “50.000 đồng/bản”."))
    required_papers = models.TextField(
        _("required papers"), blank=True, help_text=_("One paper per line, as listed in the procedure's record.")
    )
    legal_basis = models.TextField(_("legal basis"), blank=True, help_text=_("One legal document per line."))
    national_portal_url = models.URLField(
        _("national public-service portal record"), max_length=500, blank=True,
        help_text=_("The procedure's page on dichvucong.gov.vn, when known."),
    )
    # Folded code, name and sector (core.text.fold), kept up to date on save for the catalogue's search.
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} - {self.name}"

    def save(self, *args, **kwargs):
        self.fill_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def fill_search_text(self):
        """Called by save(); bulk_create/bulk_update callers call it themselves."""
        self.search_text = fold(f"{self.code} {self.name} {self.sector}")
        return self

    @property
    def required_paper_list(self):
        return [line.strip() for line in self.required_papers.splitlines() if line.strip()]

    @property
    def legal_basis_list(self):
        return [line.strip() for line in self.legal_basis.splitlines() if line.strip()]


class Dossier(models.Model):
    code = models.CharField(_("receipt code"), max_length=60, unique=True)
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.PROTECT, related_name="dossiers"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="dossiers"
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, default=Channel.DIRECT)
    received_at = models.DateTimeField(_("received at"))
    due_date = models.DateField(
        _("due date"),
        null=True,
        blank=True,
        help_text=_("Left empty, it is computed from the procedure's processing time and the working days."),
    )
    supplement_completed_at = models.DateTimeField(_("supplement completed at"), null=True, blank=True)
    resolved_at = models.DateTimeField(
        _("finished at"),
        null=True,
        blank=True,
        help_text=_("When the result was issued, or the dossier returned or withdrawn."),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    applicant_name = models.CharField(_("applicant's name"), max_length=200, blank=True)
    applicant_phone = models.CharField(_("applicant's phone"), max_length=40, blank=True)
    # Derived on save so that the summary compares plain local dates, alike on every database.
    received_on = models.DateField(_("received on"), editable=False, db_index=True)
    resolved_on = models.DateField(_("finished on"), null=True, editable=False, db_index=True)
    due_date_given = models.BooleanField(_("due date given"), default=False, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["agency", "received_on"])]

    def __str__(self):
        return self.code

    def save(self, *args, **kwargs):
        # A due date typed in (new, or changed since loaded) is kept; an empty one is computed.
        given = None
        if self.due_date is None:
            given = False
        elif self._state.adding or self.due_date != getattr(self, "_loaded_due_date", None):
            given = True
        self.fill_derived(due_date_given=given)
        super().save(*args, **kwargs)
        self._loaded_due_date, self._loaded_received_on = self.due_date, self.received_on

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # Remembered so that moving the receipt earlier refreshes the summaries from the old month too.
        instance._loaded_received_on = instance.__dict__.get("received_on")
        instance._loaded_due_date = instance.__dict__.get("due_date")
        return instance

    def clean(self):
        errors = {}
        finished = self.status in FINISHED_STATUSES
        if finished and not self.resolved_at:
            errors["resolved_at"] = _("A finished dossier needs the time it was finished.")
        if not finished and self.resolved_at:
            errors["resolved_at"] = _("Only a finished dossier has a finishing time.")
        if self.received_at and self.resolved_at and self.resolved_at < self.received_at:
            errors["resolved_at"] = _("A dossier cannot be finished before it was received.")
        if (
            self.received_at
            and self.supplement_completed_at
            and self.supplement_completed_at < self.received_at
        ):
            errors["supplement_completed_at"] = _("The supplement cannot be completed before the receipt.")
        if self.received_at and self.due_date and self.due_date < timezone.localdate(self.received_at):
            errors["due_date"] = _("The due date cannot be before the day of receipt.")
        if errors:
            raise ValidationError(errors)

    def fill_derived(self, calendar=None, due_date_given=None):
        """Set the local dates and, unless one was given, the due date (rule 1)."""
        if due_date_given is not None:
            self.due_date_given = due_date_given
        elif self.due_date is None:
            self.due_date_given = False
        if not self.agency_id and self.procedure_id:
            self.agency_id = self.procedure.agency_id
        self.received_on = timezone.localdate(self.received_at)
        self.resolved_on = timezone.localdate(self.resolved_at) if self.resolved_at else None
        if not self.due_date_given:
            supplement_on = (
                timezone.localdate(self.supplement_completed_at) if self.supplement_completed_at else None
            )
            self.due_date = rules.due_date(
                self.received_on, self.procedure.processing_days, calendar or WorkingCalendar(), supplement_on
            )

    @property
    def outcome(self):
        """'before', 'on_due', 'overdue' (finished) or 'within', 'overdue' (in progress, today)."""
        if self.status == Status.RESOLVED and self.resolved_on:
            return rules.classify_resolved(self.resolved_on, self.due_date)
        if self.status in ABANDONED_STATUSES:
            return None
        return rules.classify_in_progress(self.due_date, timezone.localdate())


class CalendarOverride(models.Model):
    """An announced swap: a weekday off, or a Saturday worked. It wins over the holidays package."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Extra day off")
        WORKING_DAY = "working_day", _("Extra working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    note = models.CharField(
        _("note"), max_length=255, blank=True, help_text=_("E.g. the announcement's number.")
    )

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} - {self.get_kind_display()}"


class MonthlySummary(models.Model):
    """The figures of rule 4 for one reporting month, per agency, and for the unit (agency empty)."""

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="summaries",
    )
    agency_name = models.CharField(_("agency name"), max_length=160)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    reference_date = models.DateField(_("in progress counted at"))
    received = models.PositiveIntegerField(_("received"), default=0)
    received_online = models.PositiveIntegerField(_("received online"), default=0)
    received_direct = models.PositiveIntegerField(_("received in person"), default=0)
    received_postal = models.PositiveIntegerField(_("received by post"), default=0)
    carried_over = models.PositiveIntegerField(_("carried over"), default=0)
    resolved = models.PositiveIntegerField(_("resolved"), default=0)
    resolved_before = models.PositiveIntegerField(_("resolved before the due date"), default=0)
    resolved_on_due = models.PositiveIntegerField(_("resolved on the due date"), default=0)
    resolved_overdue = models.PositiveIntegerField(_("resolved after the due date"), default=0)
    in_progress = models.PositiveIntegerField(_("in progress"), default=0)
    in_progress_overdue = models.PositiveIntegerField(_("in progress, overdue"), default=0)
    returned = models.PositiveIntegerField(_("returned or withdrawn"), default=0)
    # Active procedures per online level, e.g. {"2": 188, "3": 20}; kept on the unit's row only.
    levels = models.JSONField(_("procedures per online level"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("monthly summary")
        verbose_name_plural = _("monthly summaries")
        ordering = ["-month", "agency_name"]
        constraints = [
            models.UniqueConstraint(fields=["month", "agency"], name="dossiers_summary_month_agency"),
            models.UniqueConstraint(
                fields=["month"], condition=models.Q(agency__isnull=True), name="dossiers_summary_month_total"
            ),
        ]

    def __str__(self):
        return f"{self.month:%m/%Y} - {self.agency_name}"

    @property
    def figures(self):
        return rules.Figures.from_summary(self)

"""Readers' voice: comments and star ratings on articles.

Live rating totals sit in their own table, never on the page: page fields are copied
into revisions, so publishing a revision would overwrite counts made in between.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NAME_MAX = 100
BODY_MAX = 3000
SCORE_MIN, SCORE_MAX = 1, 5


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SPAM = "spam", _("Spam")


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=CommentStatus.APPROVED)

    def pending(self):
        return self.filter(status=CommentStatus.PENDING)


class Comment(models.Model):
    """A reader's comment; stored as plain text and always rendered escaped."""

    page = models.ForeignKey(
        "news.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="comments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    name = models.CharField(_("name"), max_length=NAME_MAX)
    # Never shown publicly: only moderators see it.
    email = models.EmailField(_("email"), blank=True)
    body = models.TextField(_("comment"), max_length=BODY_MAX)
    status = models.CharField(
        _("status"), max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    # A keyed hash, not the address itself: enough to spot a flood, nothing to leak.
    visitor = models.CharField(_("visitor"), max_length=64, blank=True, editable=False)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("moderated by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["page", "status", "created_at"], name="news_comment_page_status"),
            models.Index(fields=["status", "created_at"], name="news_comment_status"),
        ]

    def __str__(self):
        return f"{self.name}: {self.body[:60]}"


class Rating(models.Model):
    """One visitor's score for one article. The unique constraints are the "once" rule, race-free."""

    page = models.ForeignKey(
        "news.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="ratings"
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )
    browser = models.CharField(_("browser"), max_length=64, editable=False)
    visitor = models.CharField(_("visitor of the day"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("rated at"), default=timezone.now)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["page", "browser"], name="news_rating_once_per_browser"),
            models.UniqueConstraint(fields=["page", "visitor"], name="news_rating_once_per_visitor"),
            models.CheckConstraint(
                condition=Q(score__gte=SCORE_MIN) & Q(score__lte=SCORE_MAX), name="news_rating_score_range"
            ),
        ]

    def __str__(self):
        return f"{self.page_id}: {self.score}"


class RatingTotal(models.Model):
    """Live sum and count of an article's ratings, kept beside the page rather than in it."""

    page = models.OneToOneField(
        "news.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE,
        primary_key=True, related_name="rating_total",
    )
    total = models.PositiveIntegerField(_("sum of scores"), default=0)
    count = models.PositiveIntegerField(_("number of ratings"), default=0)

    class Meta:
        verbose_name = _("rating total")
        verbose_name_plural = _("rating totals")

    def __str__(self):
        return f"{self.page_id}: {self.total}/{self.count}"


class AlreadyRated(Exception):
    """This browser or this visitor of the day has rated the article already."""


def live_rating_totals(page_id):
    row = RatingTotal.objects.filter(page_id=page_id).values_list("total", "count").first()
    return row or (0, 0)


def record_rating(page, score, browser, visitor):
    """Store one rating and add it to the totals in the same transaction.

    The insert is refused by the unique constraints when the visitor has rated already (also
    when two requests race); the totals row is created with ON CONFLICT DO NOTHING and then
    incremented with F(), so concurrent ratings are all counted.
    """
    if Rating.objects.filter(page=page).filter(Q(browser=browser) | Q(visitor=visitor)).exists():
        raise AlreadyRated
    try:
        with transaction.atomic():
            Rating.objects.create(page=page, score=score, browser=browser, visitor=visitor)
            RatingTotal.objects.bulk_create([RatingTotal(page=page)], ignore_conflicts=True)
            RatingTotal.objects.filter(page=page).update(total=F("total") + score, count=F("count") + 1)
    except IntegrityError as error:
        raise AlreadyRated from error

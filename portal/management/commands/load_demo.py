"""Load the demo portal: unit details, categories, articles with drawn images, banners, an editor.

Idempotent: a second run finds everything in place and changes nothing. Never for production, and never into a
database that holds anything but Wagtail's initial pages and an earlier demo (`foreign_content`), whatever the
settings: such a database is someone's real portal. The demo account is an editor (Wagtail's "Editors" group), not
a superuser, with a random password printed once, when the account is created (or with --reset-password).
"""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.images.models import Image
from wagtail.models import Site

from core.models import PortalSettings
from dossiers import catalogue_demo
from dossiers import demo as dossiers_demo
from dossiers.demo import load_demo_dossiers
from dossiers.models import Dossier, Procedure
from news.importer import ArticleImporter, make_slug
from news.models import ArticleIndexPage, ArticlePage
from organisation import demo as organisation_demo
from portal.demo import images
from portal.models import Banner, HomePage
from publications import demo as publications_demo
from publications.models import LegalDocumentPage
from questions import demo as questions_demo

DEMO_DIR = Path(__file__).resolve().parent.parent.parent / "demo"
CATEGORIES = [
    ("Tin tức - Sự kiện", "Tin hoạt động của chính quyền và đời sống nhân dân trên địa bàn huyện."),
    ("Xây dựng Đảng", "Công tác xây dựng Đảng, học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh."),
    ("Kinh tế - Xã hội", "Phát triển kinh tế, giảm nghèo, xây dựng nông thôn mới."),
    ("Văn hóa - Giáo dục", "Văn hóa các dân tộc, giáo dục, y tế."),
    ("Thông báo", "Thông báo, lịch công tác và tuyển dụng của UBND huyện."),
]
UNIT = {
    "portal_title": "Trang thông tin điện tử",
    "unit_level": "district",
    "unit_name": "Mường Tè",
    "authority_name": "UBND huyện Mường Tè",
    "address": "Tổ dân phố số 4, thị trấn Mường Tè, huyện Mường Tè, tỉnh Lai Châu",
    "phone": "0213 3881 234",
    "email": "vanphong@muongte.example.vn",
    "editor_in_charge": "Chánh Văn phòng HĐND và UBND huyện",
    "licence": "Giấy phép số 01/GP-TTĐT (bản trình diễn)",
}
EDITOR_USERNAME = "bientap"
EDITOR_EMAIL = "bientap@muongte.example.vn"
# Wagtail's group (its initial migration): may use the admin, add and edit pages, submit them for moderation.
EDITORS_GROUP = "Editors"
# The demo account's password until it became random: it was published, so an account found with it gets a new one.
PUBLISHED_PASSWORD = "demo-bientap-2026"  # noqa: S105 - known to everyone, kept only to recognise and replace it
ADMIN_URL = "http://127.0.0.1:8000/admin/"
SAMPLE = 3  # how many examples of foreign content the refusal names


def foreign_content():
    """What the database holds besides Wagtail's initial pages and an earlier demo: ["what: examples", ...].

    Demo content is what this command and the rooms' demo loaders make, and what the demo account made in the
    admin. Any other account, or content that came from an import (articles, categories, legal documents,
    procedures, dossiers), makes the database someone's real portal. Readers' comments, ratings, questions and
    visit counts are not looked at: trying the demo site makes them.
    """
    User = get_user_model()
    by_demo_account = {"owner__username": EDITOR_USERNAME}
    checks = [
        ("accounts other than the demo's", User.objects.exclude(username=EDITOR_USERNAME), "username"),
        ("articles not from the demo",
         ArticlePage.objects.exclude(legacy_id__startswith="demo-").exclude(**by_demo_account), "title"),
        ("categories not from the demo",
         ArticleIndexPage.objects.exclude(title__in=[title for title, _intro in CATEGORIES])
         .exclude(**by_demo_account), "title"),
        ("legal documents not from the demo",
         LegalDocumentPage.objects.exclude(number__in=[row[0] for row in publications_demo.DOCUMENTS])
         .exclude(**by_demo_account), "number"),
        ("procedures not from the demo",
         Procedure.objects.exclude(code__in=[row[0] for row in dossiers_demo.PROCEDURES]), "code"),
        ("dossiers not from the demo", Dossier.objects.exclude(code__startswith=dossiers_demo.PREFIX), "code"),
    ]
    found = []
    for label, queryset, field in checks:
        count = queryset.count()
        if count:
            names = ", ".join(str(value) for value in queryset.order_by("pk").values_list(field, flat=True)[:SAMPLE])
            found.append(f"{label}: {count} ({names}{', ...' if count > SAMPLE else ''})")
    return found


class Command(BaseCommand):
    help = (
        "Load the demo content (idempotent) and a demo editor account. Refuses production settings and any database "
        "that holds more than Wagtail's initial pages and an earlier demo."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-password", action="store_true",
            help=f"give the demo account ({EDITOR_USERNAME}) a new random password and print it",
        )

    def handle(self, *args, **options):
        if settings.PORTAL_PRODUCTION:
            raise CommandError("load_demo creates a demo account: not in production.")
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise CommandError("no default site: run `manage.py migrate` first")
        # Before anything is written: a database with real content is left exactly as it was.
        found = foreign_content()
        if found:
            raise CommandError(
                "refused: this database holds content that is not the demo's, so it may be a real portal:\n"
                + "".join(f"  - {line}\n" for line in found)
                + "load_demo loads only into a fresh database (just migrated) or one it loaded before. Nothing was "
                "changed. For a demo, use another database, e.g. DATABASE_URL=sqlite:///var/demo.sqlite3 make run"
            )
        home = HomePage.objects.get(pk=site.root_page_id)
        with transaction.atomic():
            self.unit_settings(site)
            self.categories(home)
        self.articles(home)
        with transaction.atomic():
            self.featured(home)
            self.banners()
        self.other_apps(home)
        with transaction.atomic():
            password = self.editor(reset_password=options["reset_password"])
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
        if password:
            self.stdout.write(
                f"Wagtail admin: {ADMIN_URL}  user: {EDITOR_USERNAME}  password: {password}  "
                "(an editor; the password is shown only this once)"
            )
        else:
            self.stdout.write(
                f"Wagtail admin: {ADMIN_URL}  user: {EDITOR_USERNAME}  (the account exists and keeps the password "
                "shown when it was created; `python manage.py load_demo --reset-password` sets and shows a new one)"
            )

    def unit_settings(self, site):
        unit = PortalSettings.for_site(site)
        changed = [field for field, value in UNIT.items() if getattr(unit, field) != value]
        if changed:
            for field in changed:
                setattr(unit, field, UNIT[field])
            unit.save()

    def categories(self, home):
        for title, intro in CATEGORIES:
            if ArticleIndexPage.objects.child_of(home).filter(title=title).exists():
                continue
            page = ArticleIndexPage(title=title, slug=make_slug(title), intro=f"<p>{intro}</p>", show_in_menus=True)
            home.add_child(instance=page)
            page.save_revision().publish()

    def articles(self, home):
        lines = (DEMO_DIR / "articles.jsonl").read_text(encoding="utf-8").splitlines()
        outcomes = list(ArticleImporter(home).run(lines))
        created = sum(outcome.action == "created" for outcome in outcomes)
        rejected = [outcome.line() for outcome in outcomes if outcome.action == "rejected"]
        if rejected:
            raise CommandError("demo articles rejected:\n" + "\n".join(rejected))
        self.stdout.write(f"articles: {created} created, {len(outcomes) - created} already there")
        for page in ArticlePage.objects.filter(legacy_id__startswith="demo-", feed_image__isnull=True):
            page.feed_image = self.image(f"Ảnh minh họa: {page.title}"[:255], images.landscape(page.legacy_id), "jpg")
            page.save_revision().publish()

    @staticmethod
    def image(title, data, extension):
        existing = Image.objects.filter(title=title).first()
        if existing:
            return existing
        from io import BytesIO

        name = f"demo-{make_slug(title)[:60]}.{extension}"
        return Image.objects.create(title=title, file=ImageFile(BytesIO(data), name=name))

    @staticmethod
    def featured(home):
        if home.featured_article_id:
            return
        demo = ArticlePage.objects.live().descendant_of(home).filter(legacy_id__startswith="demo-")
        article = demo.for_listing().first()
        if article:
            home.featured_article = article
            home.save_revision().publish()

    def banners(self):
        wanted = [
            ("Bản đồ hành chính", "Bản đồ hành chính huyện Mường Tè với ranh giới các xã, thị trấn và dòng sông Đà",
             "", lambda: images.administrative_map(), "png"),
            ("Cổng Dịch vụ công quốc gia", "Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn/",
             lambda: images.flat_banner("dvc", colour=(11, 79, 138)), "png"),
            ("Cổng thông tin điện tử tỉnh Lai Châu", "Cổng thông tin điện tử tỉnh Lai Châu", "https://laichau.gov.vn/",
             lambda: images.flat_banner("tinh", colour=(125, 15, 21)), "png"),
        ]
        for order, (title, alt, url, draw, extension) in enumerate(wanted):
            if Banner.objects.filter(title=title).exists():
                continue
            Banner.objects.create(
                title=title, alt_text=alt, link_url=url, image=self.image(title, draw(), extension), sort_order=order
            )

    @staticmethod
    def editor(reset_password=False):
        """The demo account, an editor in Wagtail's "Editors" group and never a superuser (an account from an earlier
        demo, which was one, is demoted). Returns its new password when it gets one: on creation, with
        `reset_password`, or when it still has the published one; None when it keeps its password."""
        editors = Group.objects.filter(name=EDITORS_GROUP).first()
        if editors is None:
            raise CommandError(f'Wagtail\'s "{EDITORS_GROUP}" group is missing: the demo account would have no rights.')
        User = get_user_model()
        user = User.objects.filter(username=EDITOR_USERNAME).first()
        password = None
        if user is None:
            user = User(username=EDITOR_USERNAME, email=EDITOR_EMAIL, first_name="Biên tập", last_name="Viên")
            password = secrets.token_urlsafe(12)
        elif reset_password or user.check_password(PUBLISHED_PASSWORD):
            password = secrets.token_urlsafe(12)
        changed = password is not None or user.is_superuser or user.is_staff
        user.is_superuser = user.is_staff = False
        if password:
            user.set_password(password)
        if changed:
            user.save()
        if not user.groups.filter(pk=editors.pk).exists():
            user.groups.add(editors)
        return password

    def other_apps(self, home):
        # Each room brings its own demo data, placed under the home page the shell hands it.
        load_demo_dossiers(self.stdout)
        for room in (catalogue_demo, publications_demo, organisation_demo, questions_demo):
            room.load_demo(self.stdout, home)

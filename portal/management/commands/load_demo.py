"""Load the demo portal: unit details, categories, articles with drawn images, banners, an editor.

Idempotent: a second run finds everything in place and changes nothing. Never for production.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.images.models import Image
from wagtail.models import Site

from core.models import PortalSettings
from dossiers import catalogue_demo
from dossiers.demo import load_demo_dossiers
from news.importer import ArticleImporter, make_slug
from news.models import ArticleIndexPage, ArticlePage
from organisation import demo as organisation_demo
from portal.demo import images
from portal.models import Banner, HomePage
from publications import demo as publications_demo
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
EDITOR_PASSWORD = "demo-bientap-2026"  # noqa: S105 - a published demo account, created only by this command


class Command(BaseCommand):
    help = "Load the demo content (idempotent). Refuses to run with production settings."

    def handle(self, *args, **options):
        if settings.PORTAL_PRODUCTION:
            raise CommandError("load_demo creates a demo account with a published password: not in production.")
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise CommandError("no default site: run `manage.py migrate` first")
        home = HomePage.objects.get(pk=site.root_page_id)
        with transaction.atomic():
            self.unit_settings(site)
            self.categories(home)
        self.articles(home)
        with transaction.atomic():
            self.featured(home)
            self.banners()
            self.editor()
        self.other_apps(home)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
        self.stdout.write(
            f"Wagtail admin: http://127.0.0.1:8000/admin/  user: {EDITOR_USERNAME}  password: {EDITOR_PASSWORD}"
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

    def editor(self):
        User = get_user_model()
        if User.objects.filter(username=EDITOR_USERNAME).exists():
            return
        User.objects.create_superuser(
            EDITOR_USERNAME, email="bientap@muongte.example.vn", password=EDITOR_PASSWORD,
            first_name="Biên tập", last_name="Viên",
        )

    def other_apps(self, home):
        # Each room brings its own demo data, placed under the home page the shell hands it.
        load_demo_dossiers(self.stdout)
        for room in (catalogue_demo, publications_demo, organisation_demo, questions_demo):
            room.load_demo(self.stdout, home)

"""MEDIA in an S3-compatible bucket (several application hosts), against moto's in-process S3: no network."""

import io

import boto3
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings
from moto import mock_aws
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from portal.settings.base import S3_STORAGE_BACKEND, media_storage
from tests import factories

BUCKET = "portal-media"
MINIO = "http://minio.internal:9000"
KEYS = {"PORTAL_S3_ACCESS_KEY_ID": "portal-test-key", "PORTAL_S3_SECRET_ACCESS_KEY": "portal-test-secret"}


@pytest.fixture
def s3(monkeypatch):
    """Moto's S3 in this process, with the bucket made, answering for AWS and for a MinIO-style endpoint too."""
    monkeypatch.setenv("MOTO_S3_CUSTOM_ENDPOINTS", MINIO)
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        yield client


def use_bucket(**environment):
    """The storage media_storage() builds from these variables, in force for the block."""
    values = {"PORTAL_S3_BUCKET": BUCKET, "PORTAL_S3_REGION": "us-east-1", **KEYS, **environment}
    return override_settings(STORAGES={**settings.STORAGES, "default": media_storage(values)})


def stored(s3, key):
    return s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()


def test_local_disk_unless_a_bucket_is_named():
    local = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert media_storage({}) == local
    assert media_storage({"PORTAL_S3_BUCKET": "", "PORTAL_S3_ENDPOINT_URL": MINIO}) == local


def test_bucket_options_come_from_the_portal_variables():
    storage = media_storage({
        "PORTAL_S3_BUCKET": BUCKET, "PORTAL_S3_ENDPOINT_URL": MINIO, "PORTAL_S3_REGION": "ap-southeast-1",
        "PORTAL_S3_CUSTOM_DOMAIN": "media.muongte.example.vn", **KEYS,
    })
    assert storage["BACKEND"] == S3_STORAGE_BACKEND
    options = storage["OPTIONS"]
    assert options["bucket_name"] == BUCKET
    assert options["endpoint_url"] == MINIO and options["addressing_style"] == "path"
    assert options["region_name"] == "ap-southeast-1"
    assert (options["access_key"], options["secret_key"]) == ("portal-test-key", "portal-test-secret")
    assert options["custom_domain"] == "media.muongte.example.vn"
    assert options["querystring_auth"] is False  # public images: plain, cacheable URLs
    assert options["file_overwrite"] is False
    # Unset variables leave django-storages' (and boto3's) own defaults alone.
    bare = media_storage({"PORTAL_S3_BUCKET": BUCKET})["OPTIONS"]
    assert not {"endpoint_url", "region_name", "access_key", "secret_key", "custom_domain"} & bare.keys()


@pytest.mark.django_db
def test_an_image_and_its_webp_rendition_live_in_the_bucket(s3):
    with use_bucket():
        image = factories.image("Cầu treo bản Nậm Hàng", width=800, height=500)
        key = image.file.name
        assert key.startswith("original_images/")
        original = stored(s3, key)
        assert original.startswith(b"\x89PNG")
        assert image.get_file_size() == len(original)  # asked of the storage, i.e. of the bucket
        assert image.file.url == f"https://{BUCKET}.s3.amazonaws.com/{key}"  # plain, unsigned

        rendition = image.get_rendition("width-400|format-webp")
        webp = stored(s3, rendition.file.name)
        assert rendition.file.name.startswith("images/")
        assert webp[:4] == b"RIFF" and webp[8:12] == b"WEBP"
        assert (rendition.width, rendition.height) == (400, 250)
        assert s3.head_object(Bucket=BUCKET, Key=rendition.file.name)["CacheControl"] == "public, max-age=2592000"


@pytest.mark.django_db
def test_same_name_uploads_never_replace_each_other(s3):
    with use_bucket():
        first = default_storage.save("documents/ke-hoach.pdf", ContentFile(b"%PDF-1.4 first"))
        second = default_storage.save("documents/ke-hoach.pdf", ContentFile(b"%PDF-1.4 second"))
        assert first != second
        assert stored(s3, first) == b"%PDF-1.4 first"
        assert stored(s3, second) == b"%PDF-1.4 second"
        with default_storage.open(second) as handle:  # read back through Django as well
            assert handle.read() == b"%PDF-1.4 second"


@pytest.mark.django_db
def test_url_forms_custom_domain_minio_and_signed(s3):
    with use_bucket(PORTAL_S3_CUSTOM_DOMAIN="media.muongte.example.vn"):
        name = default_storage.save("images/anh.jpg", ContentFile(b"jpeg"))
        assert default_storage.url(name) == f"https://media.muongte.example.vn/{name}"

    with use_bucket(PORTAL_S3_ENDPOINT_URL=MINIO):
        name = default_storage.save("images/minio.jpg", ContentFile(b"jpeg"))
        assert default_storage.url(name) == f"{MINIO}/{BUCKET}/{name}"  # path style, as MinIO answers
        assert stored(s3, name) == b"jpeg"

    with use_bucket(PORTAL_S3_QUERYSTRING_AUTH="true"):
        url = default_storage.url("images/anh.jpg")
        assert url.startswith(f"https://{BUCKET}.s3.amazonaws.com/images/anh.jpg?")
        assert "X-Amz-Signature=" in url  # Signature Version 4: the only one new regions and MinIO accept


@pytest.mark.django_db
def test_documents_stream_through_django_and_private_ones_stay_private(s3, client, django_user_model):
    Document = get_document_model()
    root = Collection.get_first_root_node()
    internal = root.add_child(name="Tài liệu nội bộ")
    CollectionViewRestriction.objects.create(collection=internal, restriction_type=CollectionViewRestriction.LOGIN)
    with use_bucket():
        public = Document.objects.create(
            title="Kế hoạch công tác", file=ContentFile(b"%PDF-1.4 public plan", name="ke-hoach.pdf"))
        private = Document.objects.create(
            title="Báo cáo mật", collection=internal, file=ContentFile(b"%PDF-1.4 internal", name="bao-cao.pdf"))
        assert stored(s3, public.file.name) == b"%PDF-1.4 public plan"

        # Streamed by Wagtail's view from the bucket, not a redirect to the bucket's URL.
        response = client.get(public.url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 public plan"

        # The private one: a login redirect for an anonymous reader, never the file or its bucket URL.
        response = client.get(private.url)
        assert response.status_code == 302
        assert "amazonaws" not in response["Location"] and private.file.name not in response["Location"]

        reader = django_user_model.objects.create_user("canbo", password="mat-khau-dai-123")
        client.force_login(reader)
        response = client.get(private.url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 internal"


def test_the_bucket_keeps_file_bytes_exactly(s3):
    """Binary safety: what goes up comes back byte for byte (no text or gzip mangling on the way)."""
    payload = bytes(range(256)) * 64
    with use_bucket():
        name = default_storage.save("documents/bang.xlsx", io.BytesIO(payload))
        assert default_storage.size(name) == len(payload)
        assert stored(s3, name) == payload

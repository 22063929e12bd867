"""Photos on S3-compatible object storage, against a real S3 server on 127.0.0.1.

The server is moto's, started by the fixture in this process; the storage settings are
the ones production builds from its environment variables (``s3_media_storage``).
"""

from __future__ import annotations

import json
import urllib.request
from types import SimpleNamespace

import boto3
import pytest
from django.core.files.storage import default_storage
from django.test import Client
from moto.server import ThreadedMotoServer
from storages.backends.s3 import S3Storage

from articles.models import ArticlePhoto, Photo
from newsroom.settings import s3_media_storage

from .factories import image_bytes, make_article
from .photo_files import photo_form, upload

pytestmark = pytest.mark.django_db

BUCKET = "newsroom-media"
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
        }
    ],
}


@pytest.fixture
def s3(settings, monkeypatch):
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    for name, value in {
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_S3_ADDRESSING_STYLE": "path",
        "AWS_ACCESS_KEY_ID": "newsroom-test",
        "AWS_SECRET_ACCESS_KEY": "newsroom-test-secret",
    }.items():
        monkeypatch.setenv(name, value)
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="newsroom-test",
        aws_secret_access_key="newsroom-test-secret",
    )
    client.create_bucket(Bucket=BUCKET)
    # As in production: readers fetch photos anonymously, allowed by the bucket's policy.
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
    settings.STORAGES = {**settings.STORAGES, "default": s3_media_storage()}
    try:
        yield SimpleNamespace(client=client, endpoint=endpoint, keys=lambda: bucket_keys(client))
    finally:
        server.stop()


def bucket_keys(client) -> set[str]:
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def count_s3_requests() -> list[str]:
    """Every request the media storage sends from now on (signed and unsigned clients)."""
    sent: list[str] = []
    for connection in (default_storage.connection, default_storage.unsigned_connection):
        connection.meta.client.meta.events.register(
            "before-send.s3", lambda request, **kwargs: sent.append(request.url)
        )
    return sent


def test_upload_renditions_urls_and_deletion_on_s3(
    s3, editor_client, django_capture_on_commit_callbacks
):
    assert isinstance(Photo._meta.get_field("image").storage, S3Storage)

    # Upload through the admin: the master and every rendition land in the bucket.
    response = editor_client.post(
        "/admin/articles/photo/add/", photo_form(upload(image_bytes(size=(700, 400)), "s3.jpg"))
    )
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert s3.keys() == set(photo.stored_names())
    assert len(photo.stored_names()) == 8  # master, 3 widths x 2 formats, social card
    webp = next(s for s in photo.renditions["sources"] if s["format"] == "webp")
    head = s3.client.head_object(Bucket=BUCKET, Key=webp["name"])
    assert head["ContentType"] == "image/webp"
    assert head["ContentLength"] == webp["bytes"]
    assert head["CacheControl"] == "public, max-age=31536000, immutable"

    # Pages link to the bucket and send no request to it while rendering.
    article = make_article()
    ArticlePhoto.objects.create(article=article, photo=photo)
    requests = count_s3_requests()
    html = Client().get(article.get_absolute_url()).content.decode()  # a reader
    assert requests == []
    webp_url = f"{s3.endpoint}/{BUCKET}/{webp['name']}"
    assert f"{webp_url} {webp['width']}w" in html
    assert "X-Amz-Signature" not in html  # public URLs: cacheable pages
    assert photo.social_card.url == f"{s3.endpoint}/{BUCKET}/{photo.renditions['social']['name']}"
    with urllib.request.urlopen(webp_url, timeout=10) as served:
        assert served.read()[8:12] == b"WEBP"

    # Replacing the file swaps every object; deleting the photo empties the bucket.
    old_keys = s3.keys()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            f"/admin/articles/photo/{photo.pk}/change/",
            photo_form(upload(image_bytes("PNG", size=(300, 200)), "new.png")),
        )
    assert response.status_code == 302
    photo.refresh_from_db()
    assert s3.keys() == set(photo.stored_names())
    assert not s3.keys() & old_keys

    ArticlePhoto.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(f"/admin/articles/photo/{photo.pk}/delete/", {"post": "yes"})
    assert not Photo.objects.exists()
    assert s3.keys() == set()

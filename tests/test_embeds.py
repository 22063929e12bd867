"""Photos and videos placed in a body: library photos as the usual figure (and in feeds,
JSON-LD and the image sitemap, and protected from deletion); videos as a click-to-load
facade whose title and poster are ours, with frames allowed only where one is shown."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pytest
from django.urls import reverse

from articles import embeds
from articles.embeds import VideoRef, parse_video_url
from articles.models import ArticlePhoto, Photo, Video

from .admin_forms import change_form_data
from .factories import image_bytes, image_upload, make_article, make_photo

YT = "dQw4w9WgXcQ"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"https://youtu.be/{YT}", ("youtube", YT)),
        (f"https://youtu.be/{YT}?si=share-tracking&t=42", ("youtube", YT)),
        (f"https://www.youtube.com/watch?v={YT}", ("youtube", YT)),
        (f"https://www.youtube.com/watch?feature=share&v={YT}&t=1m", ("youtube", YT)),
        (f"https://m.youtube.com/watch?v={YT}", ("youtube", YT)),
        (f"https://www.youtube.com/embed/{YT}?start=10", ("youtube", YT)),
        (f"https://www.youtube-nocookie.com/embed/{YT}", ("youtube", YT)),
        (f"https://youtube.com/shorts/{YT}", ("youtube", YT)),
        (f"https://www.youtube.com/live/{YT}?feature=shared", ("youtube", YT)),
        (f"http://www.youtube.com/watch?v={YT}&amp;list=PL1", ("youtube", YT)),
        ("https://vimeo.com/76979871", ("vimeo", "76979871")),
        ("https://vimeo.com/channels/staffpicks/76979871", ("vimeo", "76979871")),
        ("https://player.vimeo.com/video/76979871?h=8272103f6e", ("vimeo", "76979871")),
        ("https://vimeo.com/76979871/8272103f6e", ("vimeo", "76979871")),
    ],
)
def test_video_addresses_in_all_their_forms(url, expected):
    assert parse_video_url(url) == VideoRef(*expected)


@pytest.mark.parametrize(
    "url",
    [
        f"javascript:alert('{YT}')",
        f"https://evil.example/watch?v={YT}",
        f"https://youtube.com.evil.example/watch?v={YT}",
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/channel/UC123",
        "https://vimeo.com/about",
        "",
    ],
)
def test_other_addresses_are_not_videos(url):
    assert parse_video_url(url) is None


# --- photos in the body ----------------------------------------------------------------------


@pytest.fixture
def story(db):
    photo = make_photo(caption="Cranes at dawn", credit="Port Daily", alt_text="Three cranes")
    lead = make_photo(caption="The lead photo")
    article = make_article(
        body=f'<p>First.</p><figure data-photo="{photo.pk}"></figure><p>Second.</p>'
    )
    ArticlePhoto.objects.create(article=article, photo=lead, position=0)
    return article, photo, lead


def test_a_photo_placed_in_the_body_renders_as_a_lazy_figure_where_it_was_put(client, story):
    article, photo, _lead = story
    html = client.get(article.get_absolute_url()).content.decode()
    body = html[html.index('<div class="story-body">') :]
    first, second = body.index("First."), body.index("Second.")
    figure = body[first:second]
    assert f'<source type="image/webp" srcset="{photo.webp_srcset}"' in figure
    assert f'srcset="{photo.fallback_srcset}"' in figure
    assert 'loading="lazy"' in figure
    assert 'alt="Three cranes"' in figure
    assert 'Cranes at dawn <span class="photo-credit">(PHOTO: Port Daily)</span>' in figure
    assert html.count("Cranes at dawn") == 1  # not again around the body
    assert "The lead photo" in html[: html.index('<div class="story-body">')]


def test_the_body_keeps_a_placement_row_in_step(story):
    article, photo, lead = story
    assert ArticlePhoto.objects.get(article=article, photo=photo).in_body
    article.body = "<p>No photo now.</p>"
    article.save()
    assert not ArticlePhoto.objects.filter(article=article, photo=photo).exists()
    assert ArticlePhoto.objects.filter(article=article, photo=lead).exists()  # not in body


def test_feeds_jsonld_and_image_sitemap_include_the_body_photo(client, story):
    article, photo, _lead = story
    url = f"https://news.example.org{photo.largest.url}"
    feed = client.get("/feed/").content.decode()
    assert f'&lt;img src="{url}"' in feed  # inside content:encoded
    html = client.get(article.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert url in json.loads(block.group(1))["image"]
    sitemap = client.get("/sitemap-articles.xml").content.decode()
    assert f"<image:loc>https://news.example.org/media/{photo.image.name}</image:loc>" in sitemap


def test_deleting_a_photo_used_in_a_body_is_refused_with_the_articles(editor_client, story):
    article, photo, _lead = story
    response = editor_client.post(
        reverse("admin:articles_photo_delete", args=[photo.pk]), {"post": "yes"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cannot delete" in html
    assert reverse("admin:articles_article_change", args=[article.pk]) in html
    assert Photo.objects.filter(pk=photo.pk).exists()


def test_a_placeholder_whose_photo_is_gone_is_left_out(client, db):
    article = make_article(body='<p>Text.</p><figure data-photo="999999"></figure>')
    html = client.get(article.get_absolute_url()).content.decode()
    assert "999999" not in html
    assert "<figure" not in html[html.index('<div class="story-body">') :].split("</div>")[0]


class TestPhotoLibrary:
    url = "/admin/articles/photo/library/"

    def test_search_by_caption_credit_or_alt_text(self, editor_client, db):
        cranes = make_photo(caption="Cranes at dawn", credit="Port Daily", alt_text="Cranes")
        make_photo(caption="A market", credit="City Desk", alt_text="Stalls")
        for term in ("dawn", "port daily", "CRANES"):
            results = editor_client.get(self.url, {"q": term}).json()["results"]
            assert [r["id"] for r in results] == [cranes.pk], term
        one = editor_client.get(self.url, {"id": cranes.pk}).json()["results"][0]
        assert one["caption"] == "Cranes at dawn"
        assert one["thumbnail"].startswith("/media/")

    def test_upload_with_alt_text_caption_and_credit(self, writer_client, db):
        response = writer_client.post(
            self.url + "upload/",
            {
                "image": image_upload("new.jpg"),
                "alt_text": "A ship",
                "caption": "The ship",
                "credit": "Harbour Authority",
            },
        )
        assert response.status_code == 201
        photo = Photo.objects.get(pk=response.json()["photo"]["id"])
        assert (photo.alt_text, photo.caption, photo.credit) == (
            "A ship",
            "The ship",
            "Harbour Authority",
        )
        assert photo.renditions["sources"]

    def test_upload_without_alt_text_or_with_a_non_image_is_refused(self, editor_client, db):
        response = editor_client.post(self.url + "upload/", {"image": image_upload()})
        assert response.status_code == 400
        assert "alt_text" in response.json()["errors"]
        from django.core.files.uploadedfile import SimpleUploadedFile

        fake = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
        response = editor_client.post(self.url + "upload/", {"image": fake, "alt_text": "x"})
        assert response.status_code == 400
        assert "image" in response.json()["errors"]
        assert not Photo.objects.exists()

    def test_readers_cannot_use_it(self, client, db):
        assert client.get(self.url).status_code == 302  # to the login page
        assert client.post(self.url + "upload/").status_code == 302


# --- videos ---------------------------------------------------------------------------------


@dataclass
class Answer:
    content: bytes
    url: str = ""
    content_type: str = ""
    charset: str = ""


class FakeFetcher:
    """The safe fetcher, answering as YouTube's oEmbed endpoint and image host would."""

    def __init__(self, *, fail: bool = False):
        self.fail = fail
        self.asked: list[str] = []

    def __call__(self, url: str, **kwargs) -> Answer:
        self.asked.append(url)
        if self.fail:
            raise OSError("network unreachable")
        if "oembed" in url:
            return Answer(
                json.dumps(
                    {"title": "Harbour at night", "thumbnail_url": "https://i.ytimg.com/x.jpg"}
                ).encode()
            )
        return Answer(image_bytes("JPEG", size=(480, 360), colour="teal"))


fake = FakeFetcher()


def fake_fetch(url: str, **kwargs) -> Answer:
    return fake(url, **kwargs)


VIDEO_BODY = f'<p>Watch:</p><figure data-video="https://youtu.be/{YT}"></figure>'


def test_title_and_poster_are_fetched_once_and_kept_on_our_side(db):
    fetcher = FakeFetcher()
    (video,) = embeds.remember_videos(VIDEO_BODY, fetch=fetcher)
    assert (video.provider, video.video_id, video.title) == ("youtube", YT, "Harbour at night")
    assert video.poster.image.name.startswith("photos/")
    assert video.poster.width == 480
    assert fetcher.asked[0].startswith("https://www.youtube.com/oembed?format=json&url=")
    embeds.remember_videos(VIDEO_BODY, fetch=fetcher)
    assert len(fetcher.asked) == 2  # not again


def test_a_failed_fetch_is_kept_and_the_facade_still_works(client, db):
    (video,) = embeds.remember_videos(VIDEO_BODY, fetch=FakeFetcher(fail=True))
    assert video.fetch_problem == "network unreachable"
    article = make_article(body=VIDEO_BODY)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Video on YouTube" in html
    assert f'href="https://www.youtube.com/watch?v={YT}"' in html


def test_the_page_shows_a_facade_and_allows_only_that_player_to_be_framed(client, db):
    embeds.remember_videos(VIDEO_BODY, fetch=FakeFetcher())
    article = make_article(body=VIDEO_BODY)
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert '<a class="video-facade"' in html
    assert f'data-embed="https://www.youtube-nocookie.com/embed/{YT}?autoplay=1"' in html
    assert "Harbour at night" in html
    assert "<iframe" not in html
    assert "ytimg" not in html  # the poster is served from our media
    assert "/static/js/video.js" in html
    policy = response["Content-Security-Policy"]
    assert "frame-src https://www.youtube-nocookie.com" in policy
    assert "vimeo" not in policy
    # Served again from the page cache, with the same policy.
    again = client.get(article.get_absolute_url())
    assert again["Content-Security-Policy"] == policy

    plain = client.get(make_article().get_absolute_url())
    assert "frame-src" not in plain["Content-Security-Policy"]
    assert "video.js" not in plain.content.decode()


def test_vimeo_frames_come_from_its_player_only(client, db):
    article = make_article(body='<figure data-video="https://vimeo.com/76979871"></figure>')
    response = client.get(article.get_absolute_url())
    assert "frame-src https://player.vimeo.com" in response["Content-Security-Policy"]
    assert "https://player.vimeo.com/video/76979871?autoplay=1&amp;dnt=1" in (
        response.content.decode()
    )


def test_feeds_link_the_video(client, db):
    make_article(body=VIDEO_BODY)
    feed = client.get("/feed/").content.decode()
    assert f"https://www.youtube.com/watch?v={YT}" in feed


def test_saving_in_the_admin_remembers_the_video(editor_client, settings, db):
    settings.NEWSROOM_EMBED_FETCHER = "tests.test_embeds.fake_fetch"
    article = make_article(body="<p>Before.</p>")
    change = reverse("admin:articles_article_change", args=[article.pk])
    data = change_form_data(editor_client.get(change))
    data["body"] = VIDEO_BODY
    assert editor_client.post(change, data).status_code == 302
    assert Video.objects.get().title == "Harbour at night"

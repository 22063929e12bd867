"""What a body places from our own records: library photos and YouTube or Vimeo videos.

The stored body holds a placeholder where each goes, as the editor writes it:
``<figure data-photo="12"></figure>`` (a library photo's id) or
``<figure data-video="https://youtu.be/…"></figure>`` (the address as pasted). Pages
replace placeholders with the photo's usual ``<figure>`` (WebP/JPEG ``srcset``, caption,
credit, lazy-loaded) or with a click-to-load video facade: the video's title and poster
come from our side (``Video``), so the reader's browser asks nothing of the video site
until the reader chooses to play. Feeds get plain images and links.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import parse_qs, quote, urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.module_loading import import_string

from newsroom.site_url import absolute_url

from .models import ArticlePhoto, Photo, Video, VideoProvider

if TYPE_CHECKING:
    from .models import Article

logger = logging.getLogger(__name__)

# nh3's serialisation is canonical: attributes double-quoted, in this form exactly.
PLACEHOLDER = re.compile(r'<figure data-(photo|video)="([^"]*)">(.*?)</figure>', re.S)
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^\d{5,12}$")
YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com",
                 "youtube-nocookie.com", "www.youtube-nocookie.com"}  # fmt: skip
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
# Where the player frames come from, per provider: the page's Content-Security-Policy
# allows frames from these only on pages with such a video.
FRAME_ORIGINS = {
    VideoProvider.YOUTUBE: "https://www.youtube-nocookie.com",
    VideoProvider.VIMEO: "https://player.vimeo.com",
}


class VideoRef(NamedTuple):
    provider: str
    video_id: str

    @property
    def watch_url(self) -> str:
        if self.provider == VideoProvider.YOUTUBE:
            return f"https://www.youtube.com/watch?v={self.video_id}"
        return f"https://vimeo.com/{self.video_id}"

    @property
    def embed_url(self) -> str:
        """The player, asked to play at once (the reader has just clicked) and, where the
        site offers it, not to track."""
        if self.provider == VideoProvider.YOUTUBE:
            return f"https://www.youtube-nocookie.com/embed/{self.video_id}?autoplay=1"
        return f"https://player.vimeo.com/video/{self.video_id}?autoplay=1&dnt=1"

    @property
    def oembed_url(self) -> str:
        if self.provider == VideoProvider.YOUTUBE:
            return f"https://www.youtube.com/oembed?format=json&url={quote(self.watch_url)}"
        return f"https://vimeo.com/api/oembed.json?url={quote(self.watch_url)}"

    @property
    def frame_origin(self) -> str:
        return FRAME_ORIGINS[self.provider]


def parse_video_url(url: str) -> VideoRef | None:
    """The video a pasted address names, in any of its usual forms: youtu.be/ID,
    youtube.com/watch?v=ID, /embed/ID, /shorts/ID, /live/ID, m.youtube.com,
    youtube-nocookie.com, vimeo.com/ID, vimeo.com/channels/x/ID, player.vimeo.com/video/ID.
    """
    try:
        parts = urlsplit(html.unescape(url or "").strip())
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"}:
        return None
    host = (parts.hostname or "").lower()
    segments = [segment for segment in parts.path.split("/") if segment]
    candidate = ""
    if host == "youtu.be" and segments:
        candidate = segments[0]
    elif host in YOUTUBE_HOSTS:
        if segments[:1] == ["watch"]:
            candidate = (parse_qs(parts.query).get("v") or [""])[0]
        elif len(segments) >= 2 and segments[0] in {"embed", "shorts", "live", "v"}:
            candidate = segments[1]
        if YOUTUBE_ID.match(candidate):
            return VideoRef(VideoProvider.YOUTUBE, candidate)
        return None
    elif host in VIMEO_HOSTS:
        numbers = [segment for segment in segments if VIMEO_ID.match(segment)]
        if numbers:
            return VideoRef(VideoProvider.VIMEO, numbers[0])
        return None
    if YOUTUBE_ID.match(candidate):
        return VideoRef(VideoProvider.YOUTUBE, candidate)
    return None


# --- what a body holds ---------------------------------------------------------------------


def placeholders(body: str) -> list[tuple[str, str]]:
    return [(kind, value) for kind, value, _inner in PLACEHOLDER.findall(body or "")]


def body_photo_ids(body: str) -> list[int]:
    """The library photos placed in ``body``, in order, each once."""
    ids = [int(value) for kind, value in placeholders(body) if kind == "photo" and value.isdigit()]
    return list(dict.fromkeys(ids))


def body_videos(body: str) -> list[VideoRef]:
    refs = [parse_video_url(value) for kind, value in placeholders(body) if kind == "video"]
    return list(dict.fromkeys(ref for ref in refs if ref))


def frame_origins(body: str) -> list[str]:
    """The origins a page showing ``body`` must let frames come from (none without videos)."""
    return sorted({ref.frame_origin for ref in body_videos(body)})


def sync_body_photos(article: Article) -> None:
    """Keep a placement row (``ArticlePhoto.in_body``) for every library photo the body
    shows: deleting such a photo is then refused like any photo in use, and feeds,
    structured data and the image sitemap list it with the article's other photos."""
    wanted = body_photo_ids(article.body)
    rows = list(
        ArticlePhoto.objects.filter(article=article).values_list("pk", "photo_id", "in_body")
    )
    present = {photo_id for _pk, photo_id, _in_body in rows}
    stale = [pk for pk, photo_id, in_body in rows if in_body and photo_id not in wanted]
    if stale:
        ArticlePhoto.objects.filter(pk__in=stale).delete()
    missing = [photo_id for photo_id in wanted if photo_id not in present]
    if missing:
        existing = set(Photo.objects.filter(pk__in=missing).values_list("pk", flat=True))
        ArticlePhoto.objects.bulk_create(
            ArticlePhoto(article=article, photo_id=photo_id, in_body=True, position=1000 + index)
            for index, photo_id in enumerate(missing)
            if photo_id in existing
        )


# --- videos: remembered with their title and poster ------------------------------------------

Fetcher = Callable[..., Any]


def default_fetcher() -> Fetcher:
    """The site's safe fetcher (address checks, size and time limits), named in settings
    so this app imports no other."""
    return import_string(settings.NEWSROOM_EMBED_FETCHER)


def remember_videos(body: str, *, fetch: Fetcher | None = None) -> list[Video]:
    """A ``Video`` row for every video in ``body``; a new one gets its title and poster
    from the site's oEmbed answer when that can be fetched. A failure is kept on the row
    and logged, never raised: the editor can type a title and choose a poster instead."""
    refs = body_videos(body)
    if not refs:
        return []
    videos = []
    for ref in refs:
        video, created = Video.objects.get_or_create(provider=ref.provider, video_id=ref.video_id)
        if created or (video.fetched_at is None and not video.fetch_problem):
            fetch_details(video, fetch=fetch or default_fetcher())
        videos.append(video)
    return videos


def fetch_details(video: Video, *, fetch: Fetcher) -> Video:
    ref = VideoRef(video.provider, video.video_id)
    try:
        answer = fetch(ref.oembed_url, accepted_types=("application/json", "text/javascript"))
        data = json.loads(answer.content)
        title = str(data.get("title") or "")[:300]
        poster = None
        if thumbnail := data.get("thumbnail_url"):
            image = fetch(str(thumbnail), accepted_types=IMAGE_TYPES)
            poster = Photo(
                image=ContentFile(image.content, name=f"{video.provider}-{video.video_id}.jpg"),
                alt_text=f"Video: {title}"[:300] if title else "Video poster",
                caption="",
                credit=video.get_provider_display(),
            )
            poster.save()
    except Exception as exc:  # any network, parse or image failure: the fallback stands
        logger.warning("video details not fetched: %s %s: %s", video.provider, video.video_id, exc)
        video.fetch_problem = str(exc)[:300] or type(exc).__name__
        video.save(update_fields=["fetch_problem"])
        return video
    video.title = video.title or title
    video.poster = video.poster or poster
    video.fetched_at = timezone.now()
    video.fetch_problem = ""
    video.save()
    return video


IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")


# --- rendering -------------------------------------------------------------------------------


def render_body(article: Article, body: str, *, feed: bool = False) -> str:
    """``body`` (cleaned HTML) with its placeholders replaced by what readers see.

    Photos come from the article's placement rows (prefetched on article pages and in
    feeds), videos from one query when the body has any. A placeholder whose photo or
    video is gone is left out.
    """
    found = placeholders(body)
    if not found:
        return body
    figures = {figure.photo_id: figure for figure in article.figures}
    videos = {}
    if refs := body_videos(body):
        match = Q()
        for ref in refs:
            match |= Q(provider=ref.provider, video_id=ref.video_id)
        videos = {
            (video.provider, video.video_id): video
            for video in Video.objects.filter(match).select_related("poster")
        }

    def replace(found_match: re.Match) -> str:
        kind, value = found_match[1], found_match[2]
        if kind == "photo":
            figure = figures.get(int(value)) if value.isdigit() else None
            if figure is None or not figure.photo.image:
                return ""
            return render_photo(figure, feed=feed)
        ref = parse_video_url(value)
        if ref is None:
            return ""
        return render_video(ref, videos.get((ref.provider, ref.video_id)), feed=feed)

    return PLACEHOLDER.sub(replace, body)


def render_photo(figure: ArticlePhoto, *, feed: bool) -> str:
    if feed:
        image = figure.photo.largest
        return render_to_string(
            "articles/feed_figure.jinja",
            {"figure": figure, "image": {**image._asdict(), "url": absolute_url(image.url)}},
        ).strip()
    return render_to_string("articles/figure.jinja", {"figure": figure, "lead": False}).strip()


def render_video(ref: VideoRef, video: Video | None, *, feed: bool) -> str:
    provider = VideoProvider(ref.provider).label
    poster = video.poster if video and video.poster_id and video.poster.image else None
    context = {
        "ref": ref,
        "title": (video.title if video else "") or f"Video on {provider}",
        "provider": provider,
        "poster": poster,
        "poster_url": absolute_url(poster.largest.url) if poster and feed else "",
        "feed": feed,
    }
    return render_to_string("articles/video.html", context).strip()

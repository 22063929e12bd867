"""RSS 2.0 and Atom feeds (django.contrib.syndication), site-wide and per listing.

Items carry the summary, the full text (``content:encoded`` / Atom ``content``) when
NEWSROOM_FEED_FULL_TEXT is on, the byline or source as author, tags as categories,
publication and update dates, and the lead photo as a Media RSS element. The full text
is the story as the page shows it: credit line, photos with captions and credits, body,
corrections and disclaimer. Each item's id is a tag URI that no edit changes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, rfc3339_date
from django.utils.html import escape
from taggit.models import Tag

from caching.dependencies import depends_on
from newsroom.addresses import reverse
from newsroom.site import get_sitewide
from newsroom.site_url import absolute_url

from . import dependencies as shows
from .models import Article, ArticleAuthor, ArticlePhoto, Author, Section, Source
from .sanitize import xml_text

MEDIA_NS = "http://search.yahoo.com/mrss/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"


# What an empty channel gives as its last change. Django's feeds give "now", so the same
# empty feed differed from one second to the next: no two workers or caches agreed on it,
# and a feed reader saw it change when nothing had.
EMPTY_CHANNEL_DATE = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


class _MediaMixin:
    """Adds the lead photo (Media RSS) and, in RSS, the full body as content:encoded;
    gives an empty channel a fixed date."""

    def latest_post_date(self) -> datetime.datetime:
        if not self.items:
            return EMPTY_CHANNEL_DATE
        return super().latest_post_date()

    def add_media(self, handler, item) -> None:
        photo = item.get("photo")
        if not photo:
            return
        handler.startElement(
            "media:content",
            {
                "url": photo["url"],
                "medium": "image",
                "width": str(photo["width"]),
                "height": str(photo["height"]),
            },
        )
        if photo["caption"]:
            handler.addQuickElement("media:description", photo["caption"], {"type": "plain"})
        if photo["credit"]:
            handler.addQuickElement("media:credit", photo["credit"])
        handler.endElement("media:content")


class RssFeed(_MediaMixin, Rss201rev2Feed):
    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:media": MEDIA_NS,
            "xmlns:content": CONTENT_NS,
            "xmlns:dc": DC_NS,
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("language"):
            handler.addQuickElement("dc:language", item["language"])
        if item.get("updateddate"):
            # RSS 2.0 has no update date; Atom's element (namespace declared by Django) does.
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))
        if item.get("content"):
            handler.addQuickElement("content:encoded", item["content"])
        self.add_media(handler, item)


class AtomFeed(_MediaMixin, Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        if item.get("language"):
            attributes["xml:lang"] = item["language"]  # each entry in its own language
        return attributes

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})
        self.add_media(handler, item)


class LatestArticlesFeed(Feed):
    feed_type = RssFeed
    description_template = None

    # --- the channel -------------------------------------------------------------------

    def title(self, obj=None) -> str:
        name = get_sitewide().settings.name
        return f"{obj} — {name}" if obj is not None else name

    def description(self, obj=None) -> str:
        site = get_sitewide().settings
        if obj is not None:
            return f"Articles from {site.name}: {obj}"
        return site.tagline or f"The newest articles from {site.name}"

    def link(self, obj=None) -> str:
        return absolute_url(self.page_url(obj))

    def page_url(self, obj=None) -> str:
        return reverse("articles:newest")

    def feed_url(self, obj=None) -> str:
        return absolute_url(self.request_path)

    def __call__(self, request, *args, **kwargs):
        self.request_path = request.path
        return super().__call__(request, *args, **kwargs)

    def get_feed(self, obj, request):
        """The feed, every text in it stripped of what XML cannot hold (a control
        character in one headline would otherwise fail the whole feed)."""
        feed = super().get_feed(obj, request)
        feed.feed = _xml_safe(feed.feed)
        feed.items = [_xml_safe(item) for item in feed.items]
        return feed

    # --- the items ---------------------------------------------------------------------

    def items(self, obj=None) -> list[Article]:
        articles = self.filter_articles(Article.objects.published(), obj)
        articles = articles.for_listing().prefetch_related(
            "tags",
            Prefetch("article_authors", queryset=ArticleAuthor.objects.select_related("author")),
        )
        if settings.NEWSROOM_FEED_FULL_TEXT:  # what the full text shows besides the body
            articles = articles.select_related(
                "disclaimer", "source__default_disclaimer"
            ).prefetch_related("corrections")
        items = list(articles[: settings.NEWSROOM_FEED_ITEMS])
        depends_on(self.listing(obj))
        shows.shows_articles(item.pk for item in items)
        return items

    def listing(self, obj=None) -> str:
        """The listing this feed follows (``articles.dependencies``)."""
        return shows.NEWEST

    def filter_articles(self, articles: QuerySet[Article], obj) -> QuerySet[Article]:
        return articles

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        # RSS <description> and Atom <summary type="html"> are HTML: the summary is plain
        # text, so it is escaped, or a reader would render "<script>" in it as markup.
        return escape(item.summary)

    def item_link(self, item: Article) -> str:
        return absolute_url(item.get_absolute_url())

    # The link changes with the slug or date; the id must not, or readers show the story
    # twice. RSS readers may use a permalink guid as a link: this one is not.
    item_guid_is_permalink = False

    def item_guid(self, item: Article) -> str:
        return tag_uri(item)

    def item_author_name(self, item: Article) -> str:
        if authors := item.credited_authors:
            return ", ".join(author.name for author in authors)
        if item.byline:
            return item.byline
        return item.source.name if item.source else get_sitewide().settings.name

    def item_author_link(self, item: Article) -> str | None:
        authors = item.credited_authors
        return absolute_url(authors[0].get_absolute_url()) if len(authors) == 1 else None

    def item_categories(self, item: Article) -> list[str]:
        return [tag.name for tag in item.tags.all()]

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.modified_at

    def item_extra_kwargs(self, item: Article) -> dict:
        extra: dict = {"language": item.language}
        if settings.NEWSROOM_FEED_FULL_TEXT:
            extra["content"] = self.item_content(item)
        figure = item.lead_figure
        if figure is not None and figure.photo.image:
            extra["photo"] = {
                **_absolute_image(figure),
                "caption": figure.caption,
                "credit": figure.photo.credit,
            }
        return extra

    def item_content(self, item: Article) -> str:
        """The full text: the page's story, with absolute addresses for feed readers."""
        figures = [
            (figure, _absolute_image(figure))
            for figure in item.attached_figures
            if figure.photo.image
        ]
        site = get_sitewide().settings
        return render_to_string(
            "articles/feed_item.jinja",
            {
                "article": item,
                "source_url": absolute_url(item.source.get_absolute_url()) if item.source else "",
                "lead": figures[:1],
                "more": figures[1:],
                "disclaimer": item.effective_disclaimer(site.default_disclaimer),
            },
        ).strip()


def tag_uri(article: Article) -> str:
    """The article's permanent feed id, an RFC 4151 tag URI: site domain, date, primary key.

    Dated by creation (UTC), which no edit changes: editors may move the publication date.
    """
    domain = urlsplit(settings.SITE_URL).hostname
    created = article.created_at.astimezone(datetime.UTC)
    return f"tag:{domain},{created:%Y-%m-%d}:article:{article.pk}"


def _absolute_image(figure: ArticlePhoto) -> dict:
    """The widest rendition readers may fetch, at an absolute address."""
    image = figure.photo.largest
    return {"url": absolute_url(image.url), "width": image.width, "height": image.height}


def _xml_safe(value):
    if isinstance(value, str):
        return xml_text(value)
    if isinstance(value, dict):
        return {key: _xml_safe(item) for key, item in value.items()}
    if type(value) in (list, tuple):
        return type(value)(_xml_safe(item) for item in value)
    return value


class ListingFeedMixin:
    """A feed for one section, tag or source: the object comes from the URL's slug, its
    articles through ``article_lookup`` (as for the listing pages, ``views.ListingView``)."""

    model: type
    article_lookup = ""
    # A tag or source with no public article has no page, so no feed: its name alone
    # could give away an unpublished story.
    needs_public_articles = True

    listing_of: staticmethod  # the listing's dependency name, from its object's id

    def get_object(self, request, slug: str):
        obj = get_object_or_404(self.model, slug=slug)
        public = self.filter_articles(Article.objects.published(), obj)
        if self.needs_public_articles and not public.exists():
            raise Http404("Nothing published here.")
        return obj

    def listing(self, obj=None) -> str:
        return self.listing_of(obj.pk)

    def filter_articles(self, articles, obj):
        return articles.filter(**{self.article_lookup: obj})

    def page_url(self, obj=None) -> str:
        return obj.get_absolute_url()


class SectionFeed(ListingFeedMixin, LatestArticlesFeed):
    model = Section
    article_lookup = "section"
    listing_of = staticmethod(shows.section_list)
    needs_public_articles = False  # sections are navigation, like their pages


class SourceFeed(ListingFeedMixin, LatestArticlesFeed):
    model = Source
    article_lookup = "source"
    listing_of = staticmethod(shows.source_list)


class AuthorFeed(ListingFeedMixin, LatestArticlesFeed):
    model = Author
    article_lookup = "authors"
    listing_of = staticmethod(shows.author_list)
    needs_public_articles = False  # the author's page exists without stories, so does this


class TagFeed(ListingFeedMixin, LatestArticlesFeed):
    model = Tag
    article_lookup = "tags"
    listing_of = staticmethod(shows.tag_list)

    def page_url(self, obj=None) -> str:
        return reverse("articles:tag", kwargs={"slug": obj.slug})


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    def __str__(self) -> str:
        return datetime.date(self.year, self.month, 1).strftime("%B %Y")


class ArchiveFeed(LatestArticlesFeed):
    """A month of the archive, like its page; no feed for a month with nothing public."""

    def get_object(self, request, year: int, month: int) -> Month:
        obj = Month(year, month)
        try:
            published = self.filter_articles(Article.objects.published(), obj).exists()
        except ValueError as exc:
            raise Http404("No such month.") from exc
        if not published:
            raise Http404("Nothing published that month.")
        return obj

    def filter_articles(self, articles, obj: Month):
        return articles.in_month(obj.year, obj.month)

    def listing(self, obj: Month | None = None) -> str:
        return shows.month_list(datetime.date(obj.year, obj.month, 1))

    def page_url(self, obj: Month | None = None) -> str:
        return reverse("articles:archive", kwargs={"year": obj.year, "month": obj.month})


def atom(feed_class: type[LatestArticlesFeed]) -> type[LatestArticlesFeed]:
    """The Atom twin of an RSS feed class."""
    return type(
        f"{feed_class.__name__}Atom",
        (feed_class,),
        {"feed_type": AtomFeed, "subtitle": feed_class.description},
    )

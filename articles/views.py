"""Public pages. Every reader's queryset starts from ``Article.objects.published()``;
only staff previews (and signed preview links) see articles that are not public."""

from __future__ import annotations

import datetime
import re
from urllib.parse import quote_plus

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Model, QuerySet
from django.db.models.functions import Lower, TruncMonth
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404, render
from django.template import engines
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.http import http_date
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from caching.dependencies import depends_on
from caching.fragments import fragment_key, memoize, peek
from caching.http import last_modified
from newsroom.addresses import reverse
from newsroom.site import get_sitewide
from newsroom.site_url import absolute_url

from . import dependencies as shows
from . import (
    embeds,
    handmade,
    listings,
    preview,
    related,
    search,
    sharing,
    story_parts,
    structured_data,
)
from .cards import render_cards
from .models import (
    Article,
    ArticleRedirect,
    Author,
    Section,
    Source,
    month_bounds,
    published_q,
)


def pagination(page: Page, page_query: str = "") -> SafeString:
    """The page links under a listing or search results (a Jinja2 template: a loop of
    lookups Django's engine spent half of a listing template's time on). ``page_query``
    is what every link's query string starts with ("q=...&")."""
    page_range = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    template = engines["jinja2"].get_template("articles/pagination.jinja")
    context = {"page_obj": page, "page_range": page_range, "page_query": page_query}
    return mark_safe(template.render(context))  # noqa: S308 - autoescaped by Jinja2


class ListingPaginator(Paginator):
    """Counts and pages a listing once per change of the listing (an exact count of a large
    archive costs a scan per request); the view sets ``listing`` to name the listing
    (its URL name and arguments: all its query varies on)."""

    listing: tuple = ()
    dependency = ""  # which public articles the listing holds (articles.dependencies)

    def count_key(self) -> str:
        return fragment_key("count", *self.listing)

    def page_key(self, number: int) -> str:
        return fragment_key("page", *self.listing, number, self.per_page)

    @cached_property
    def count(self) -> int:
        def count() -> int:
            depends_on(self.dependency)
            return Paginator.count.func(self)

        return memoize(self.count_key(), count)

    def page(self, number):
        """The page's rows are remembered too, so a deep page (an OFFSET scan past a
        thousand index entries) costs what the first one does."""
        number = self.validate_number(number)

        def rows() -> list:
            depends_on(self.dependency)
            return list(super(ListingPaginator, self).page(number).object_list)

        return self._get_page(memoize(self.page_key(number), rows), number, self)


class ArticleListMixin:
    """A paginated list of public article cards; subclasses narrow the queryset.

    Pagination runs on a narrow query (id and dates, an index-only scan on PostgreSQL);
    the cards of that page come rendered from ``articles.cards``.
    """

    model = Article
    paginate_by = settings.NEWSROOM_PAGE_SIZE
    paginator_class = ListingPaginator
    template_name = "articles/article_list.html"
    # A listing with no public articles is not a page: its name alone could leak.
    allow_empty = False
    heading = ""
    has_lead_stories = False  # Newest's pinned stories above the list, on its first page

    def get(self, request, *args, **kwargs):
        # ListView would run an extra EXISTS query when allow_empty is False; the
        # paginator's count already answers that (an empty first page is a 404).
        self.object_list = self.get_queryset()
        context = self.get_context_data()
        response = self.render_to_response(context)
        rows = context["object_list"]
        modified = last_modified([max(row.published_at, row.updated_at) for row in rows])
        if modified:
            response["Last-Modified"] = http_date(modified.timestamp())
        return response

    def get_queryset(self) -> listings.Listing:
        return listings.Listing(self.listing_condition())

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kw):
        paginator = super().get_paginator(queryset, per_page, orphans, allow_empty_first_page)
        paginator.listing = (self.request.resolver_match.view_name, *self.kwargs.values())
        paginator.dependency = self.get_dependency()
        return paginator

    def listing_condition(self) -> listings.Condition:
        """Which public articles the listing holds (all of them unless narrowed)."""
        return listings.Condition()

    def get_dependency(self) -> str:
        """Which public articles this listing holds (``articles.dependencies``)."""
        return shows.NEWEST

    feed_name = "feed"  # the URL name of this listing's RSS feed ("<name>-atom" for Atom)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context["lead_cards"], context["cards"] = render_cards(
            [row.pk for row in context["object_list"]],
            leads=self.has_lead_stories and page.number == 1,
        )
        context["pagination"] = pagination(page)
        context["heading"] = self.get_heading()
        path = absolute_url(self.request.path)
        context["canonical_url"] = path if page.number == 1 else f"{path}?page={page.number}"
        context["feeds"] = self.get_feeds()
        return context

    def get_heading(self) -> str:
        return self.heading

    def get_feeds(self) -> list[dict]:
        """This listing's RSS and Atom feeds, for <link rel="alternate"> and the page."""
        kwargs = dict(self.kwargs)
        name = self.feed_name
        return [
            {"title": f"{self.get_heading()} (RSS)", "type": "application/rss+xml",
             "url": reverse(f"articles:{name}", kwargs=kwargs)},
            {"title": f"{self.get_heading()} (Atom)", "type": "application/atom+xml",
             "url": reverse(f"articles:{name}-atom", kwargs=kwargs)},
        ]  # fmt: skip


class NewestView(ArticleListMixin, ListView):
    """The newest public stories, under up to three lead stories editors pinned (each
    story shown once: a lead story leaves the list while it is pinned)."""

    allow_empty = True
    has_lead_stories = True
    template_name = "articles/newest.html"

    def listing_condition(self) -> listings.Condition:
        return listings.everything_but_lead_stories()

    def get_heading(self) -> str:
        return _("Newest")

    def get_feeds(self) -> list[dict]:
        return []  # Newest is the site feed, which every page's head links already


class ListingView(ArticleListMixin, ListView):
    """The public articles filed under one section, tag or source, named by the URL's slug;
    subclasses say which model, and how articles point at it."""

    listing_model: type[Model]
    listing_dependency: staticmethod  # the listing's dependency name, from its object's id
    condition: staticmethod  # the listing's articles, from its object's id (articles.listings)
    heading_format = "%(name)s"

    def listing_condition(self) -> listings.Condition:
        self.listing = self.get_listing()
        return self.condition(self.listing.pk)

    def get_listing(self) -> Model:
        """The section, tag or source the URL names, from a prepared statement (compiling
        the ORM's lookup cost more than the database spent answering it)."""
        listing = handmade.get_by_slug(self.listing_model, self.kwargs["slug"])
        if listing is None:
            raise Http404(
                _("No %(kind)s with that address.")
                % {"kind": self.listing_model._meta.verbose_name}
            )
        return listing

    def get_heading(self) -> str:
        return self.heading_format % {"name": self.listing.name}

    def get_dependency(self) -> str:
        return self.listing_dependency(self.listing.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(listing=self.listing, **kwargs)


class SectionView(ListingView):
    listing_model = Section
    condition = staticmethod(listings.in_section)
    listing_dependency = staticmethod(shows.section_list)
    allow_empty = True  # sections are navigation: an empty one still has a page
    feed_name = "section-feed"


class TagView(ListingView):
    listing_model = Tag
    condition = staticmethod(listings.tagged)
    listing_dependency = staticmethod(shows.tag_list)
    heading_format = gettext_lazy("Tagged “%(name)s”")
    feed_name = "tag-feed"


class SourceView(ListingView):
    listing_model = Source
    condition = staticmethod(listings.from_source)
    listing_dependency = staticmethod(shows.source_list)
    heading_format = gettext_lazy("From %(name)s")
    feed_name = "source-feed"


class AuthorView(ListingView):
    """An author's public stories under their profile (name, role, photo, bio, links)."""

    listing_model = Author
    condition = staticmethod(listings.by_author)
    listing_dependency = staticmethod(shows.author_list)
    allow_empty = True  # a writer's page exists before their first story is out
    feed_name = "author-feed"
    template_name = "articles/author.html"

    def get_listing(self) -> Author:
        return get_object_or_404(Author.objects.select_related("photo"), slug=self.kwargs["slug"])


class MonthArchiveView(ArticleListMixin, ListView):
    feed_name = "archive-feed"

    def listing_condition(self) -> listings.Condition:
        year, month = self.kwargs["year"], self.kwargs["month"]
        try:
            self.month = datetime.date(year, month, 1)
            return listings.published_between(*month_bounds(year, month))
        except ValueError as exc:
            raise Http404(_("No such month.")) from exc

    def get_heading(self) -> str:
        return _("Archive: %(month)s") % {"month": self.month.strftime("%B %Y")}

    def get_dependency(self) -> str:
        return shows.month_list(self.month)


SLUG = re.compile(r"[-\w]+")


class SearchView(ListView):
    """Full-text search of public articles; any query gets a page, never an error."""

    template_name = "articles/search.html"
    paginate_by = settings.NEWSROOM_PAGE_SIZE
    paginator_class = search.CappedPaginator
    allow_empty = True

    def get_queryset(self):
        self.query = search.normalise_query(self.request.GET.get("q"))
        self.matches = search.search(self.query)
        self.author = None
        slug = self.request.GET.get("author", "")
        if slug and len(slug) <= 200 and SLUG.fullmatch(slug):  # nothing PostgreSQL refuses
            self.author = Author.objects.filter(slug=slug).first()
        if self.author is not None:
            return self.matches.filter(authors=self.author)
        return self.matches

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        page_query = f"q={quote_plus(self.query)}&" if self.query else ""
        if self.author is not None:
            page_query += f"author={quote_plus(self.author.slug)}&"
        context.update(
            query=self.query,
            pagination=pagination(page, page_query),
            results=[(article, search.highlight(article.snippet)) for article in page],
            author=self.author,
            author_facets=search.author_facets(self.matches) if self.query else [],
        )
        return context


# Jinja2 templates (newsroom/jinja2.py), rendered from the view's context alone.
STORY_HEAD_TEMPLATE = "articles/story_head.jinja"
STORY_TEMPLATE = "articles/story.jinja"


class ArticleDetailView(DetailView):
    """An article at its canonical address.

    Readers see public articles; an old address 301-redirects to the current one; a
    withdrawn article answers 410 Gone. Staff preview anything, marked "not public".
    """

    model = Article
    template_name = "articles/article_detail.html"

    def can_preview(self) -> bool:
        user = self.request.user
        return user.is_active and user.is_staff and user.has_perm("articles.view_article")

    def get_queryset(self) -> QuerySet[Article]:
        if self.can_preview():
            return Article.objects.all().for_page()
        # The story is built already (get_object): only check the article is (still) public.
        return Article.objects.published().defer("body", "keywords")

    def get(self, request, *args, **kwargs):
        try:
            self.object = self.get_object()
        except Http404:
            return self.moved_or_gone() or self.not_found()
        depends_on(shows.article(self.object.pk))
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_object(self, queryset=None) -> Article:
        if self.can_preview() or peek(story_key(self.request.path, preview=False)) is not None:
            article = get_object_or_404(self.get_queryset(), slug=self.kwargs["slug"])
        else:  # a reader's cold page: the row and what it joins, from one hand-written query
            article = story_parts.public_article(self.kwargs["slug"])
            if article is None:
                raise Http404(_("No article with that address."))
        if requested_date(self.kwargs) != article.url_date:
            raise Http404(_("No article with that address."))
        return article

    def moved_or_gone(self) -> HttpResponse | None:
        """A former address of an article, or a withdrawn one."""
        redirect = (
            ArticleRedirect.objects.filter(old_path=self.request.path)
            .select_related("article")
            .first()
        )
        article = redirect.article if redirect else None
        if article is None:
            article = Article.objects.filter(
                slug=self.kwargs["slug"], status=Article.Status.WITHDRAWN
            ).first()
            if article and requested_date(self.kwargs) != article.url_date:
                article = None
        if article is None:
            return None
        depends_on(shows.article(article.pk), shows.address(self.request.path))
        if article.is_withdrawn():
            return gone(self.request, article)
        if article.is_published():
            return HttpResponsePermanentRedirect(article.get_absolute_url())
        return None

    def not_found(self):
        raise Http404(_("No article with that address."))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        context["is_preview"] = not article.is_published()
        context["canonical_url"] = absolute_url(article.get_absolute_url())
        context["description"] = article.meta_description or article.title
        # The page's head tags and story are built once per edit of what they show: the check
        # that the article is public (the query above) runs on every request.
        context["parts"] = memoize(
            story_key(self.request.path, preview=context["is_preview"]),
            lambda: self.parts(context),
        )
        return context

    def parts(self, context: dict) -> dict[str, str]:
        """The head tags and the story, rendered from the template's partials."""
        article = self.object
        story_parts.prefetch_photos(article)
        story_parts.prefetch_parts(article)
        neighbours = related.neighbours(article)
        depends_on(shows.article(article.pk), *related.dependencies(article, neighbours))
        site = get_sitewide().settings
        canonical_url = context["canonical_url"]
        context = {
            **context,
            "disclaimer": article.effective_disclaimer(site.default_disclaimer),
            "jsonld": [
                structured_data.jsonld(structured_data.news_article(article, site, canonical_url)),
                structured_data.jsonld(structured_data.breadcrumbs(article, canonical_url)),
            ],
            "share_image": structured_data.share_image(article, site),
            "share_links": sharing.share_links(url=canonical_url, title=article.title),
            "neighbours": neighbours,
        }
        parts = {
            name: mark_safe(engines["jinja2"].get_template(template).render(context))  # noqa: S308
            for name, template in (("head", STORY_HEAD_TEMPLATE), ("story", STORY_TEMPLATE))
        }
        # Where video players may be framed from, if the story has videos: their hosts only.
        parts["frames"] = " ".join(embeds.frame_origins(article.body))
        return parts

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if frames := context["parts"].get("frames"):
            # Only pages with a video let its player's site be framed (django-csp reads this).
            response._csp_update = {"frame-src": frames.split()}
        if context["is_preview"]:
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex, nofollow"
        else:
            response["Last-Modified"] = http_date(self.object.modified_at.timestamp())
        return response


class PreviewView(ArticleDetailView):
    """An unpublished article for someone holding a signed, unexpired preview link."""

    def get_object(self, queryset=None) -> Article:
        article_id = preview.article_id_from(self.kwargs["token"])
        if article_id is None:
            raise Http404(_("This preview link is not valid or has expired."))
        return get_object_or_404(Article.objects.for_page(), pk=article_id)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.is_published():
            return HttpResponseRedirect(self.object.get_absolute_url())
        return self.render_to_response(self.get_context_data(object=self.object))


def story_key(path: str, *, preview: bool) -> str:
    """An article page's head tags and story (``ArticleDetailView.parts``) vary on its
    address (the article, its canonical URL) and on being a staff preview, nothing else."""
    return fragment_key("page-parts", path, preview)


def requested_date(kwargs: dict) -> datetime.date:
    try:
        return datetime.date(kwargs["year"], kwargs["month"], kwargs["day"])
    except ValueError as exc:
        raise Http404(_("No such date.")) from exc


def gone(request: HttpRequest, article: Article) -> HttpResponse:
    """410: the article existed and was withdrawn; say so briefly, and nothing more."""
    response = render(request, "articles/gone.html", {"withdrawn": article}, status=410)
    response["X-Robots-Tag"] = "noindex"
    return response


class SiteMapView(TemplateView):
    """The human-readable site map: every way into the archive, with public counts."""

    template_name = "articles/sitemap.html"
    top_tags = 50

    def get_context_data(self, **kwargs):
        # Explicit orders: Django drops Meta.ordering from a query that groups (the counts).
        sections = Section.objects.annotate(
            count=Count("articles", filter=published_q("articles__"))
        ).order_by(*Section._meta.ordering)  # as in the navigation
        sources = (
            Source.objects.annotate(count=Count("articles", filter=published_q("articles__")))
            .filter(count__gt=0)
            .order_by(Lower("name"), "name")
        )
        tag_articles = "articles_taggedarticle_items__content_object__"
        tags = (
            Tag.objects.annotate(
                count=Count("articles_taggedarticle_items", filter=published_q(tag_articles))
            )
            .filter(count__gt=0)
            .order_by("-count", "name")[: self.top_tags]
        )
        authors = (
            Author.objects.annotate(count=Count("articles", filter=published_q("articles__")))
            .filter(count__gt=0)
            .order_by("name", "id")
        )
        months = (
            Article.objects.published()
            .annotate(month=TruncMonth("published_at"))
            .values("month")
            .annotate(count=Count("id"))
            .order_by("-month")
        )
        return super().get_context_data(
            sections=sections,
            sources=sources,
            authors=authors,
            tags=sorted(tags, key=lambda tag: tag.name.lower()),
            months=months,
            **kwargs,
        )

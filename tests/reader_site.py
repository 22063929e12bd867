"""A small but complete public site, and one address of every kind of reader page.

The validator, accessibility and browser tests all read the same pages: a reprint like
the sample page (photo, caption, credit, subheadings, correction, disclaimer, tags,
related articles), an own story, enough articles for two pages of Newest, links in
groups, and the empty, error and form pages.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from articles.models import Article, ArticlePhoto, Author, Correction, Pin, Video
from pages.models import Link

from .factories import (
    image_upload,
    make_article,
    make_disclaimer,
    make_photo,
    make_section,
    make_source,
)

REPRINT_BODY = """
<p>The 2024 Summit of the Forum on China-Africa Cooperation brings together members of
the Global South to build a community with a shared future. However, the Global South
evokes thoughts of another region at the same latitude as Africa, which too has very close
ties with China. It is Latin America.</p>
<p>"The China-Latin America relationship has a sound non-governmental foundation. Their
sci-tech cooperation is mutually beneficial," Xiao Junyong, executive director of the
Center for Science, Technology and Human Rights Research of Beijing Institute of
Technology, told <a href="https://www.stdaily.com/">Science and Technology Daily</a>.</p>
<p>Since 2012, China has remained the second largest trading partner of Latin America. In
2023, their trade volume exceeded 489 billion USD.</p>
<h2>Oasis of new energy in the desert</h2>
<p>In 2024, Power Construction Corporation of China built a 480MW solar power station in
the Atacama Desert in Chile. There were many challenges during the construction, from the
hot and dry climate with strong ultraviolet radiation, to frequent sandstorms.</p>
<blockquote><p>Cooperative projects like this promote the development of local renewable
energy.</p></blockquote>
<h2>Blue ocean in ICT</h2>
<p>AI and 5G networks are the core areas of the future digital economy, and China's rapid
development in these technologies offers important opportunities for Sino-Latin American
cooperation.</p>
<ul><li>Mining and manufacturing</li><li>Seaports and airports</li></ul>
<h3>Rooted in people, benefiting the people</h3>
<p>The year 2024 marks the 50th anniversary of the establishment of diplomatic ties between
China and Brazil.</p>
"""

DISCLAIMER = (
    "This article is reproduced from other media. The purpose of reprinting is to convey "
    "more information. It does not mean that this website agrees with its views."
)


@dataclass
class ReaderSite:
    reprint: Article
    own_story: Article
    paths: dict[str, str]  # page kind -> address

    STATUS = {"not-found": 404, "withdrawn": 410}  # every other kind answers 200

    def status(self, kind: str) -> int:
        return self.STATUS.get(kind, 200)

    def fetch(self, client) -> dict[str, bytes]:
        """Every page, through the test client, each with the status its kind answers."""
        pages = {}
        for kind, path in self.paths.items():
            response = client.get(path)
            assert response.status_code == self.status(kind), kind
            pages[kind] = response.content
        return pages


def build_reader_site(*, extra_articles: int = 24) -> ReaderSite:
    """Every kind of public page, with content on it."""
    science = make_section(name="Science", slug="science", order=1)
    make_section(name="World", slug="world", order=0)
    make_section(name="Opinion", slug="opinion", order=2)  # stays empty
    disclaimer = make_disclaimer(name="Reprint", body=DISCLAIMER)
    daily = make_source(
        name="Science and Technology Daily",
        slug="science-and-technology-daily",
        homepage_url="https://www.stdaily.com/",
        default_disclaimer=disclaimer,
    )
    now = timezone.now()
    reprint = make_article(
        title="China-Latin America Sci-tech Cooperation Puts People First",
        slug="china-latin-america-sci-tech-cooperation",
        summary="Cooperation has improved lives in Latin America, says a researcher.",
        byline="Staff reporter",
        dateline="BEIJING, Sept. 12, 2024",
        body=REPRINT_BODY,
        section=science,
        source=daily,
        agency="HaiPress",
        original_url="https://www.stdaily.com/english/2024/0913/article.html",
        published_at=now - datetime.timedelta(minutes=30),
        tags=["Latin America", "Science"],
    )
    lead = make_photo(
        image=image_upload("xiao.jpg", size=(900, 600), colour="teal"),
        alt_text="Xiao Junyong speaking at a lectern",
        caption="Courtesy photo of Xiao Junyong.",
        credit="Science and Technology Daily",
    )
    second = make_photo(
        image=image_upload("desert.png", fmt="PNG", size=(640, 400), colour="orange"),
        alt_text="Solar panels in the Atacama Desert",
        caption="The solar power station in Chile.",
    )
    ArticlePhoto.objects.create(article=reprint, photo=lead, position=0)
    ArticlePhoto.objects.create(article=reprint, photo=second, position=1)
    Correction.objects.create(article=reprint, text="The trade volume was 489 billion USD.")

    portrait = make_photo(
        image=image_upload("ana.jpg", size=(400, 400), colour="purple"),
        alt_text="Ana Silva",
        caption="Ana Silva",
        credit="Newsroom",
    )
    author = Author.objects.create(
        name="Ana Silva",
        slug="ana-silva",
        role="Science correspondent",
        bio="Ana covers energy and climate from Santiago.",
        links="https://ana.example.org/",
        photo=portrait,
    )
    inline = make_photo(
        image=image_upload("panels.jpg", size=(800, 500), colour="navy"),
        alt_text="Rows of panels at dusk",
        caption="The plant at dusk.",
        credit="Newsroom",
    )
    Video.objects.create(provider="youtube", video_id="dQw4w9WgXcQ", title="The plant from above")
    own_story = make_article(
        title="Our reporters visit the new solar plant",
        slug="our-reporters-visit-the-new-solar-plant",
        summary="What the plant means for the town next to it.",
        body=(
            "<p>The town has changed. <em>Everyone</em> noticed.</p>"
            f'<figure data-photo="{inline.pk}"></figure><p>From above:</p>'
            '<figure data-video="https://youtu.be/dQw4w9WgXcQ"></figure>'
        ),
        section=science,
        published_at=now - datetime.timedelta(hours=2),
        tags=["Science"],
    )
    own_story.authors.add(author)
    Pin.objects.create(article=reprint, position=1)
    for n in range(extra_articles):
        make_article(
            title=f"Regional leaders meet about trade, part {n + 1}",
            slug=f"regional-leaders-meet-about-trade-{n + 1}",
            section=science if n % 2 else None,
            source=daily if n % 3 == 0 else None,
            published_at=now - datetime.timedelta(hours=3 + n),
            tags=["Latin America"] if n % 4 == 0 else None,
            photos=1 if n % 5 == 0 else 0,
        )
    make_article(title="Draft that nobody may see", status=Article.Status.DRAFT)
    withdrawn = make_article(
        title="A story taken down",
        status=Article.Status.WITHDRAWN,
        published_at=now - datetime.timedelta(days=1),
    )

    Link.objects.create(
        title="UN News", url="https://news.un.org/", group="Agencies", order=1, in_footer=True
    )
    Link.objects.create(title="Xinhua", url="https://english.news.cn/", group="Agencies", order=2)
    Link.objects.create(
        title="Internet Archive",
        url="https://archive.org/",
        description="Old pages, kept.",
        group="Reference",
    )

    month = timezone.localdate(reprint.published_at)
    paths = {
        "newest": "/",
        "newest-page-2": "/?page=2",
        "article": reprint.get_absolute_url(),
        "own-story": own_story.get_absolute_url(),
        "section": "/section/science/",
        "empty-section": "/section/opinion/",
        "tag": "/tag/latin-america/",
        "author": "/author/ana-silva/",
        "source": "/source/science-and-technology-daily/",
        "archive": f"/archive/{month.year:04d}/{month.month:02d}/",
        "search": "/search/?q=solar",
        "search-empty": "/search/",
        "search-no-results": "/search/?q=zzyzx",
        "sitemap": "/sitemap/",
        "links": "/links/",
        "contact": "/contact/",
        "contact-thanks": "/contact/thanks/",
        "not-found": "/no-such-page/",
        "withdrawn": withdrawn.get_absolute_url(),
    }
    return ReaderSite(reprint=reprint, own_story=own_story, paths=paths)

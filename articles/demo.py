"""Believable demo content for `seed_demo`: outlets, sections, photos and articles.

Everything is generated from small word lists with a seeded random generator, so a
hundred thousand articles take seconds to invent and the same seed gives the same site.
"""

from __future__ import annotations

import datetime
import io
import random
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

SITE_DISCLAIMER = (
    "This article is reproduced from other media. The purpose of reprinting is to convey "
    "more information. It does not mean that this website agrees with its views and is "
    "responsible for its authenticity, and does not bear any legal responsibility. If there "
    "is copyright or intellectual property infringement, please leave us a message."
)

DISCLAIMERS = {
    "Reprint (standard)": SITE_DISCLAIMER,
    "Wire copy": (
        "This story was distributed by a news agency and is published unedited. The agency "
        "is solely responsible for its content."
    ),
    "Press release": (
        "This is a press release. The newsroom did not verify its claims and publishes it "
        "as supplied."
    ),
}

# name, slug, homepage, aliases, syndication policy, default disclaimer
SOURCES = [
    (
        "Science and Technology Daily",
        "science-and-technology-daily",
        "https://www.stdaily.com/",
        ["S&T Daily", "Keji Ribao"],
        "index",
        "Reprint (standard)",
    ),
    (
        "China Daily",
        "china-daily",
        "https://www.chinadaily.com.cn/",
        ["chinadaily.com.cn"],
        "index",
        "Reprint (standard)",
    ),
    (
        "Global Times",
        "global-times",
        "https://www.globaltimes.cn/",
        ["globaltimes.cn"],
        "canonical",
        "Reprint (standard)",
    ),
    (
        "Xinhua News Agency",
        "xinhua",
        "https://english.news.cn/",
        ["Xinhua", "Xinhuanet"],
        "index",
        "Wire copy",
    ),
    (
        "People's Daily",
        "peoples-daily",
        "https://en.people.cn/",
        ["People's Daily Online"],
        "index",
        "Reprint (standard)",
    ),
    (
        "Economic Information Daily",
        "economic-information-daily",
        "",
        [],
        "noindex",
        "Press release",
    ),
]
AGENCIES = ["HaiPress", "Xinhua", "CNS", "HaiPress", "Asianet", ""]

SECTIONS = [
    ("World", "world", "News from every continent."),
    ("China", "china", "Politics, society and regions."),
    ("Business", "business", "Markets, trade, companies and the economy."),
    ("Science", "science", "Research, space, health and the environment."),
    ("Technology", "technology", "Computing, telecoms, AI and industry."),
    ("Culture", "culture", "Arts, heritage, books and travel."),
    ("Sports", "sports", "Results, people and events."),
]

LINKS = [
    (
        "Press organisations",
        "International Federation of Journalists",
        "https://www.ifj.org/",
        True,
    ),
    ("Press organisations", "Reporters Without Borders", "https://rsf.org/", False),
    ("Reference", "Wikipedia", "https://www.wikipedia.org/", False),
    ("Reference", "Internet Archive", "https://archive.org/", True),
    ("Reference", "United Nations News", "https://news.un.org/", False),
    ("Standards", "Sitemaps protocol", "https://www.sitemaps.org/", False),
]

CITIES = [
    "BEIJING", "SHANGHAI", "SHENZHEN", "HANGZHOU", "WUHAN", "CHENGDU", "XI'AN", "HONG KONG",
    "SANTIAGO", "BUENOS AIRES", "SAO PAULO", "NAIROBI", "ADDIS ABABA", "CAIRO", "JAKARTA",
    "SINGAPORE", "BANGKOK", "GENEVA", "LONDON", "BRUSSELS",
]  # fmt: skip
COUNTRIES = [
    "China", "Chile", "Brazil", "Argentina", "Kenya", "Ethiopia", "Egypt", "Indonesia",
    "Thailand", "Malaysia", "Peru", "Mexico", "Nigeria", "South Africa", "Vietnam",
]  # fmt: skip
ACTORS = {
    "world": ["Foreign ministers", "Regional leaders", "UN envoys", "Trade delegations",
              "Development banks", "Aid agencies", "Summit organisers", "Diplomats"],
    "china": ["Provincial authorities", "City planners", "Rural cooperatives", "Lawmakers",
              "Universities", "Hospitals", "Railway operators", "Local volunteers"],
    "business": ["Exporters", "Carmakers", "Solar manufacturers", "Shipping firms", "Retailers",
                 "Start-ups", "Central bankers", "Logistics groups"],
    "science": ["Researchers", "Astronomers", "Marine biologists", "Climate scientists",
                "Geneticists", "Physicists", "Seed breeders", "Glaciologists"],
    "technology": ["Chipmakers", "Telecom operators", "AI labs", "Robotics firms",
                   "Satellite teams", "Battery makers", "Software developers", "Engineers"],
    "culture": ["Museums", "Film-makers", "Publishers", "Heritage experts", "Musicians",
                "Festival organisers", "Craftspeople", "Translators"],
    "sports": ["Table tennis players", "Marathon runners", "Football clubs", "Swimmers",
               "Badminton stars", "Coaches", "Young athletes", "Cycling teams"],
}  # fmt: skip
ACTIONS = [
    "unveil", "expand", "test", "launch", "complete", "back", "study", "open", "rethink",
    "map", "double", "share", "modernise", "connect",
]  # fmt: skip
OBJECTS = {
    "world": ["a new trade corridor", "flood-relief plans", "cross-border rail links",
              "a climate finance pledge", "joint port projects", "food-security talks"],
    "china": ["high-speed rail routes", "village broadband", "elder-care services",
              "river restoration", "new metro lines", "school lunch programmes"],
    "business": ["electric-vehicle exports", "green bonds", "supply-chain hubs",
                 "a 480MW solar plant", "e-commerce partnerships", "free-trade zones"],
    "science": ["deep-sea sensors", "drought-resistant rice", "a lunar sample study",
                "glacier monitoring", "coral reef surveys", "a new telescope array"],
    "technology": ["5G factory networks", "AI traffic systems", "quantum links",
                   "sodium-ion batteries", "open-source chips", "satellite internet"],
    "culture": ["a silk road exhibition", "restored murals", "a translation prize",
                "opera for young audiences", "digital archives", "a film festival"],
    "sports": ["a new training centre", "youth leagues", "Asian Games preparations",
               "a marathon route", "mixed-doubles trials", "stadium upgrades"],
}  # fmt: skip
PLACES = [
    "in the Atacama Desert", "along the Yangtze", "in Latin America", "in East Africa",
    "across ASEAN", "on the Tibetan Plateau", "in the Pearl River Delta", "in coastal cities",
    "in rural provinces", "for the Global South",
]  # fmt: skip
SUBHEADS = [
    "A sound foundation", "Oasis of new energy", "Blue ocean ahead", "Rooted in people",
    "What comes next", "The numbers", "Lessons from the field", "Voices on the ground",
    "A long road", "Building trust",
]  # fmt: skip
SENTENCES = [
    "{actor} said the work would benefit {households} households within {years} years.",
    "The project {place} began in {year} and has created more than {jobs} local jobs.",
    "Trade between the two sides exceeded {billions} billion US dollars last year.",
    "\"Cooperation like this is mutually beneficial,\" said {person}, who has followed "
    "the programme since {year}.",
    "Officials expect the scheme to cut about {tons} tons of carbon dioxide emissions a year.",
    "Engineers overcame sandstorms, heat and labour shortages to finish on schedule.",
    "The first phase covers {percent} percent of the planned area, according to the operator.",
    "{person} told reporters that the next stage would focus on training local staff.",
    "Independent experts cautioned that results would take several seasons to measure.",
    "A pilot in {country} reduced travel times by {percent} percent during rush hours.",
    "The partners signed {count} agreements covering finance, research and education.",
    "Residents interviewed on Tuesday said they had noticed the changes within weeks.",
    "Funding comes from a mix of public budgets, development banks and private investors.",
    "The organisers plan to publish the full data later this year.",
]  # fmt: skip
FIRST_NAMES = ["Xiao", "Li", "Wang", "Zhang", "Maria", "Juan", "Amina", "David", "Chen", "Liu",
               "Ana", "Kwame", "Sofia", "Ahmed", "Mei", "Carlos"]  # fmt: skip
LAST_NAMES = ["Junyong", "Wei", "Fang", "Hua", "Gonzalez", "Silva", "Okafor", "Mensah", "Jing",
              "Yang", "Rossi", "Haddad", "Lin", "Moreno", "Tan", "Zhou"]  # fmt: skip
TAGS = [
    "Belt and Road", "Climate", "Renewable energy", "Solar power", "5G", "Artificial intelligence",
    "Space", "Agriculture", "Trade", "Infrastructure", "Education", "Health", "Latin America",
    "Africa", "ASEAN", "Human rights", "Urban planning", "Railways", "Electric vehicles",
    "Batteries", "Oceans", "Heritage", "Film", "Football", "Table tennis", "Marathon",
    "Start-ups", "Semiconductors", "Telecoms", "Water", "Biodiversity", "Tourism",
    "Cooperation", "Global South", "Research", "Universities", "Finance", "Logistics",
]  # fmt: skip

# (scene, caption, alt text) for the illustrations drawn by `draw_photo`.
PHOTO_SCENES = [
    ("mountains", "Morning light over the mountains near the project site.",
     "Illustration of layered mountains under a pale morning sky"),
    ("city", "The city skyline at dusk, seen from the river.",
     "Illustration of a city skyline in silhouette against an evening sky"),
    ("solar", "Rows of solar panels stretch towards the horizon.",
     "Illustration of rows of dark blue solar panels on sandy ground under a blue sky"),
    ("sea", "Research vessels set out at sunrise.",
     "Illustration of a calm sea with the sun rising over the horizon"),
    ("fields", "Terraced fields during the harvest season.",
     "Illustration of green and yellow terraced fields on a hillside"),
    ("night", "Lights of the port after dark.",
     "Illustration of a night sky with a full moon over dark hills"),
]  # fmt: skip
PALETTES = [
    ((250, 214, 165), (120, 170, 220), (60, 90, 120)),
    ((255, 183, 130), (90, 60, 140), (40, 30, 70)),
    ((190, 225, 250), (70, 140, 200), (30, 70, 110)),
    ((250, 240, 200), (220, 140, 80), (110, 60, 40)),
]


def draw_photo(scene: str, palette: tuple, rng: random.Random, size=(1200, 800)) -> ContentFile:
    """A simple but real JPEG illustration, so the demo exercises real image files."""
    width, height = size
    top, middle, bottom = palette
    image = Image.new("RGB", size, top)
    draw = ImageDraw.Draw(image)
    horizon = int(height * rng.uniform(0.55, 0.7))
    for y in range(horizon):  # sky gradient
        t = y / horizon
        colour = tuple(int(top[i] * (1 - t) + middle[i] * t) for i in range(3))
        draw.line([(0, y), (width, y)], fill=colour)
    sun_x, sun_r = rng.randint(150, width - 150), rng.randint(40, 90)
    sun_y = horizon - rng.randint(80, 250)
    draw.ellipse([sun_x - sun_r, sun_y - sun_r, sun_x + sun_r, sun_y + sun_r], fill=(255, 236, 179))
    draw.rectangle([0, horizon, width, height], fill=bottom)
    if scene in {"mountains", "fields", "night"}:
        for layer in range(3):
            shade = tuple(max(0, c - 25 * layer) for c in bottom)
            points = [(0, height)]
            for x in range(0, width + 100, 100):
                points.append((x, horizon - rng.randint(0, 220) + layer * 60))
            points.append((width, height))
            draw.polygon(points, fill=shade)
    elif scene == "city":
        x = 0
        while x < width:
            w, h = rng.randint(40, 110), rng.randint(80, 380)
            draw.rectangle([x, horizon - h, x + w, height], fill=(30, 30, 45))
            x += w + rng.randint(2, 12)
    elif scene == "solar":
        for row in range(6):
            y = horizon + 20 + row * 55
            for col in range(0, width, 90):
                draw.polygon(
                    [(col, y + 40), (col + 70, y + 40), (col + 80, y), (col + 10, y)],
                    fill=(25, 45, 100),
                )
    else:  # sea
        for y in range(horizon, height, 14):
            draw.line([(0, y), (width, y + rng.randint(-4, 4))], fill=(200, 220, 240), width=2)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue())


@dataclass
class ArticleDraft:
    """Plain data for one generated article, turned into rows by the command."""

    title: str
    summary: str
    dateline: str
    body: str
    section_slug: str
    byline: str = ""
    source_index: int | None = None
    agency: str = ""
    original_url: str = ""
    tags: list[str] = field(default_factory=list)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _sentence(rng: random.Random, actor: str, place: str) -> str:
    return rng.choice(SENTENCES).format(
        actor=actor,
        place=place,
        households=f"{rng.randint(2, 900) * 1000:,}",
        years=rng.randint(2, 10),
        year=rng.randint(1999, 2024),
        jobs=f"{rng.randint(1, 600) * 1000:,}",
        billions=rng.randint(12, 490),
        person=_person(rng),
        tons=f"{rng.randint(10, 900) * 1000:,}",
        percent=rng.randint(5, 60),
        country=rng.choice(COUNTRIES),
        count=rng.randint(2, 40),
    )


def make_article(rng: random.Random, when: datetime.datetime, source_count: int) -> ArticleDraft:
    slug = rng.choice(SECTIONS)[1]
    actor = rng.choice(ACTORS[slug])
    place = rng.choice(PLACES)
    obj = rng.choice(OBJECTS[slug])
    title = f"{actor} {rng.choice(ACTIONS)} {obj} {place}"
    summary = (
        f"{actor} in {rng.choice(COUNTRIES)} say {obj} could change daily life "
        f"{place} within a decade."
    )
    city = rng.choice(CITIES)
    dateline = f"{city}, {when:%b}. {when.day}, {when.year}"
    paragraphs = []
    for index in range(rng.randint(5, 8)):
        if index in (3, 6):
            paragraphs.append(f"<h2>{rng.choice(SUBHEADS)}</h2>")
        sentences = " ".join(_sentence(rng, actor, place) for _ in range(rng.randint(2, 3)))
        paragraphs.append(f"<p>{sentences}</p>")
    reprint = source_count and rng.random() < 0.75
    draft = ArticleDraft(
        title=title[0].upper() + title[1:],
        summary=summary,
        dateline=dateline,
        body="\n".join(paragraphs),
        section_slug=slug,
        tags=rng.sample(TAGS, rng.randint(1, 4)),
    )
    if reprint:
        draft.source_index = rng.randrange(source_count)
        draft.agency = rng.choice(AGENCIES)
    else:
        draft.byline = _person(rng)
    return draft

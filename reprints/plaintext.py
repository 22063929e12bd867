"""Read the text a browser's select-all and copy gives of a news page.

Such text has no markup: the story is found by its shape. The body begins at the first
run of prose (long lines that are sentences); the headline is the best headline-like
line before it (a few words, no final period, near the meta line or the standfirst) —
never a menu, which is many short parts on one line or short words on lines of their
own; meta lines around the headline give the date, outlet, agency and byline; the
standfirst is prose between the headline and the body. Inside the body, labels (in any
of the lexicon's languages) announce what is not the story: adverts, "related" blocks
and the headlines listed under them, share bars, captions, editing credits, tag lines,
and the end of the story (most-read lists, comments, copyright, disclaimers).
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from . import lines as ln
from .dates import at_clock, day_first_for
from .language import detect_language
from .story import Block, Extracted, Figure

# Kinds of chrome that end the story when they come after it (a footer).
FOOTER_KINDS = frozenset({"copyright", "back-to-top", "menu"})
SKIPPED_KINDS = frozenset(
    {"advert", "audio", "share", "tools", "time", "weather", "ticker", "slug", "signoff",
     "blank", "back-to-top", "copyright", "menu", "ending", "skip", "print-note", "cta", "video",
     "greeting", "clock", "original-title"}
)  # fmt: skip
LIST_ITEM = re.compile(r"^(?:(?P<number>\d{1,2})[.)]|(?P<bullet>[•·▪●◦\-–*]))\s+(?P<text>\S.*)$")
ATTRIBUTION = re.compile(r"^[—–-]\s*\S")


@dataclass
class Line:
    index: int
    text: str
    raw: str
    kind: str = ""  # see classify_line
    value: object = None
    blank_before: bool = False  # an empty line separates it from the line above


def read_text(text: str, *, day_first: bool = False, language: str = "") -> Extracted:
    return read_lines(text.splitlines(), day_first=day_first, language=language)


def read_lines(
    raw_lines: list[str],
    *,
    day_first: bool = False,
    language: str = "",
    classify: Callable[..., None] | None = None,
) -> Extracted:
    """The story in a page's lines (copied text, or an HTML page rendered as text).

    ``language``, when the page declares it, spares detecting it; ``classify`` is
    ``classify_line`` or a ``LineClassifier`` that has seen the same lines already.
    """
    story = Extracted(format="text")
    lines = _join_wrapped(raw_lines)
    story.language = language or detect_language(" ".join(line.text for line in lines))
    day_first = day_first_for(story.language, default=day_first)
    classify = classify or classify_line
    for line in lines:
        classify(line, day_first=day_first)
    _pair_captions(lines)
    Reader(story, lines, day_first=day_first).read()
    return story


def _pair_captions(lines: list[Line]) -> None:
    """A credit line ("Foto: Name/Agency", "(Photo by Name)", "Photo Name") names the
    photo whose caption is the line right above it: that line is a caption, not prose."""
    for above, line in itertools.pairwise(lines):
        if line.blank_before or above.kind not in {"long", "prose", "short"}:
            continue
        if line.kind == "credit":
            credit = line.value
        elif line.kind == "caption" and not line.value.caption:
            credit = line.value.credit  # "(Photo by Name/Agency)" alone on its line
        else:
            credit = ln.bare_photo_credit(line.text)
        if not credit or ln.size(above.text) > 70 or ln.find_dates(above.text[:12]):
            continue
        above.kind, above.value = "caption", Figure(caption=ln.clean_caption(above.text))
        above.value.credit = credit
        line.kind, line.value = "credit", credit  # already given: nothing left to take


def _join_wrapped(raw_lines: list[str]) -> list[Line]:
    """Lines of the page; a paragraph hard-wrapped over several lines is joined again."""
    out: list[Line] = []
    previous_blank = True
    for index, raw in enumerate(raw_lines):
        text = ln.norm(raw)
        if not text:
            previous_blank = True
            continue
        if (
            out
            and not previous_blank
            and len(out[-1].text) >= 40
            and not ln.ends_sentence(out[-1].text)
            and (text[:1].islower() or out[-1].text.endswith((",", "-", ";")))
            and not LIST_ITEM.match(text)
        ):
            out[-1].text = f"{out[-1].text} {text}"
            out[-1].raw = f"{out[-1].raw} {raw}"
        else:
            out.append(Line(index, text, raw, blank_before=previous_blank))
        previous_blank = False
    return out


def classify_line(line: Line, *, day_first: bool) -> None:
    """What ``line`` is on its own; readers then decide with its neighbours."""
    text = line.text
    if url := ln.original_url(text):
        line.kind, line.value = "url", url
    elif kind := ln.chrome_kind(line.raw):
        line.kind = kind
    elif value := ln.disclaimer(text):
        line.kind, line.value = "disclaimer", value
    elif republished := ln.republished(text, day_first=day_first):
        line.kind, line.value = "republished", republished
    elif value := ln.correction(text):
        line.kind, line.value = "correction", value
    elif (credit := ln.editor_credit(text))[0]:
        line.kind, line.value = "editor", credit[1]
    elif found := ln.block_label(text):
        line.kind, line.value = f"label:{found[0]}", found[1]
    elif figure := ln.caption(text):
        line.kind, line.value = "caption", figure
    elif credit_text := ln.credit_only(text):
        line.kind, line.value = "credit", credit_text
    elif (meta := ln.meta(line.raw, day_first=day_first)) is not None:
        line.kind, line.value = "meta", meta
    elif ln.is_long_prose(text):
        line.kind = "long"
    elif ln.is_prose(text):
        line.kind = "prose"
    else:
        line.kind = "short"


class LineClassifier:
    """``classify_line`` that reads each distinct line once. An HTML page is read twice
    by the line rules (as rendered, and as copied text): the second reading of a line
    takes the first one's answer, a copy of it (readers may change what they are given).
    """

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str, bool], tuple[str, object]] = {}

    def __call__(self, line: Line, *, day_first: bool) -> None:
        key = (line.text, line.raw, day_first)
        known = self._seen.get(key)
        if known is None:
            classify_line(line, day_first=day_first)
            self._seen[key] = (line.kind, copy.deepcopy(line.value))
        else:
            line.kind, line.value = known[0], copy.deepcopy(known[1])


class Reader:
    def __init__(self, story: Extracted, lines: list[Line], *, day_first: bool):
        self.story = story
        self.lines = lines
        self.day_first = day_first
        self.metas: list[tuple[str, ln.Meta]] = []  # ("before" | "header" | "tail", meta)
        self.bare_names: list[str] = []  # name lines under the headline, without a label
        self.republished: tuple[str, object] | None = None  # (first outlet, its date)
        self.entry_updated = ""  # a live feed entry's update time

    # --- the parts of the page -----------------------------------------------------------

    def read(self) -> None:
        lines = self.lines
        anchor = self._main_run() or self._body_start(0)
        if anchor is None:
            self._story_without_prose()
            return
        headline = self._headline(anchor)
        if headline is None:
            return
        self.story.title = lines[headline].text
        for line in lines[:headline]:
            if line.kind == "meta":
                self.metas.append(("before", line.value))
        for line in lines[max(0, headline - 2) : headline]:
            if line.kind == "clock":
                # A live feed's entry: its time above its headline ("15:05 · Act. 15:37").
                times = re.findall(r"(?:[01]?\d|2[0-3])\s*(?::|h)\s*[0-5]\d", line.text)
                self.metas.append(("header", ln.Meta(clock=times[0])))
                if len(times) > 1:
                    self.entry_updated = times[-1]
        anchor = self._header(headline, anchor)
        self._body(anchor)
        self._settle_meta()

    def _main_run(self) -> int | None:
        """Where the story's run of paragraphs starts: the largest run of long prose
        lines (a banner, a standfirst or a lineup of names is a short run), never one
        after the comments or a most-read list that follows a run of the story."""
        runs: list[tuple[int, int, int]] = []  # (first line, long lines, words)
        current: list[int] | None = None
        gap = 0
        boxed = False  # inside a sign-up box or a "read also" block: not a gap in the story
        ended_after_story = False
        for index, line in enumerate(self.lines):
            if line.kind in {"label:newsletter", "label:related", "label:key-points"}:
                # A box inside a story is skipped over; after a lone paragraph (a
                # newsletter's greeting, a banner) it ends that run.
                if current is not None and len(current) < 2:
                    runs.append(self._run(current))
                    current, gap = None, 0
                boxed = current is not None
                continue
            if line.kind == "meta" and current:
                runs.append(self._run(current))  # a byline or date line: the header ends
                current, gap = None, 0
                continue
            if line.kind in {"label:ending", "ending", "copyright", "disclaimer", "clock"}:
                if line.kind == "clock":  # a live feed's next entry: a run of its own
                    if current:
                        runs.append(self._run(current))
                    current, gap = None, 0
                    continue
                if current:
                    runs.append(self._run(current))
                    ended_after_story = ended_after_story or len(current) >= 2
                current, gap = None, 0
                if ended_after_story:
                    break
                continue
            if line.kind == "long" and self._in_key_points(index):
                continue  # an item of a "Key points" box, not the story
            if line.kind == "long":
                if current is None:
                    current = []
                current.append(index)
                gap, boxed = 0, False
            elif (
                current is not None
                and not boxed
                and (line.kind not in SKIPPED_KINDS | {"caption", "credit"})
            ):
                gap += 1
                if gap > 5:
                    runs.append(self._run(current))
                    current, gap = None, 0
        if current:
            runs.append(self._run(current))
        if not runs:
            return None
        # The first run of a good size: a story cut in two by a box starts with its first
        # half, not its longer second half.
        largest = max(words for _, _, words in runs)
        return next(first for first, _, words in runs if words >= 0.4 * largest)

    def _run(self, indexes: list[int]) -> tuple[int, int, int]:
        words = sum(ln.size(self.lines[i].text) for i in indexes)
        return indexes[0], len(indexes), words

    def _body_start(self, start: int) -> int | None:
        """Index of the first line of running prose at or after ``start``."""
        skipping = 0
        for index in range(start, len(self.lines)):
            line = self.lines[index]
            if line.kind == "label:key-points":
                skipping = 6
                continue
            if (
                skipping
                and line.kind in {"long", "prose", "short"}
                and ln.size(line.text) <= 35
                and not ln.dateline(line.text, day_first=self.day_first)
            ):
                skipping -= 1
                continue
            skipping = 0
            if line.kind == "long":
                if start > 0 or self._run_follows(index):
                    return index
                # A lone long line (a banner, a notice) before the story: the story is
                # where long lines follow each other.
                later = next((i for i in range(index + 1, len(self.lines)) if
                              self.lines[i].kind == "long" and self._run_follows(i)),
                             None)  # fmt: skip
                return later if later is not None else index
        if start == 0:
            # A short story: no long paragraph, so the first sentence of prose opens it.
            return next((i for i, line in enumerate(self.lines) if line.kind == "prose"), None)
        return None

    def _run_follows(self, index: int) -> bool:
        """Whether another paragraph of prose comes within the next few lines."""
        seen = 0
        for line in self.lines[index + 1 :]:
            if line.kind in SKIPPED_KINDS:
                continue
            if line.kind == "long":
                return True
            seen += 1
            if seen > 5:
                return False
        return True  # the page ends: a one-paragraph story

    def _headline(self, anchor: int) -> int | None:
        best: tuple[float, int] | None = None
        for index in range(anchor):
            score = self._headline_score(index, anchor)
            if score is not None and (best is None or score > best[0]):
                best = (score, index)
        return best[1] if best else None

    def _headline_score(self, index: int, anchor: int) -> float | None:
        line = self.lines[index]
        if line.kind not in {"short", "prose", "long"} and (
            line.kind != "meta" or ln.find_dates(line.text) or not ln.size(line.text) >= 4
        ):
            return None
        text = line.text
        words = ln.size(text)
        cjk = ln.cjk_share(text) > 0.3
        if (cjk and len(text) < 6) or (not cjk and words < 3) or words > 45 or len(text) > 300:
            return None
        if text.endswith((":", "：", ",")) or self._in_key_points(index):
            return None
        # Headlines run to about 18 words; longer lines are standfirsts.
        score = min(words, 14.0) - max(0, words - 18) * 0.7
        if ln.ends_sentence(text) and not text.endswith(("?", "!", "？", "！", '?"', "?”")):
            score -= 9
        if line.kind == "meta":
            score -= 6
        if ln.find_dates(text):
            score -= 8
        following = self._next_meaningful(index)
        if following is not None:
            after = self.lines[following]
            if (
                after.kind in {"meta", "caption", "prose", "long", "republished"}
                or following == anchor
                or (after.kind == "short" and ln.size(after.text) >= 12)
            ):
                score += 6
            if self._heads_a_standfirst(index, following, anchor):
                score += 5
        if any(self.lines[i].kind == "meta" for i in range(max(0, index - 2), index)):
            score += 3  # the meta line above the headline (some portals)
        between = sum(
            1 for i in range(index + 1, anchor) if self.lines[i].kind in {"short", "prose", "long"}
        )
        if between <= 2:
            score += 3  # the headline stands just above the story
        if any(self.lines[i].kind == "clock" for i in range(index + 1, anchor)):
            score -= 8  # a live feed: the story's entry starts below this line's clock
        if text.isupper() and words > 3:
            score -= 2
        # A score line, a list of goals, a row of a table: digits, pipes, a label.
        digits = sum(c.isdigit() for c in text)
        if digits > 0.12 * len(text) or "|" in text or re.match(r"^[^\W\d_]+:\s", text):
            score -= 5
        # Earlier lines win ties: the headline leads the story block.
        return score - index * 0.01

    def _heads_a_standfirst(self, index: int, following: int, anchor: int) -> bool:
        """A headline over a longer standfirst, itself over the meta line or the story:
        of the pair, the first line is the headline."""
        line, after = self.lines[index], self.lines[following]
        if after.kind not in {"short", "prose", "long"} or ln.find_dates(after.text):
            return False
        if not ln.size(line.text) < ln.size(after.text) <= 60:
            return False
        beyond = self._next_meaningful(following)
        return beyond is not None and (
            beyond == anchor or self.lines[beyond].kind in {"meta", "caption"}
        )

    def _in_key_points(self, index: int) -> bool:
        """Whether the line is an item of a box ("Key points", "Lineups") above it: the
        lines that follow the box's label without an empty line between them."""
        current = index
        while current > 0 and index - current < 8:
            previous = self.lines[current - 1]
            if previous.kind == "label:key-points":
                # A box has items; one line after a label is a section's headline.
                following = self.lines[current + 1] if current + 1 < len(self.lines) else None
                return index > current or (following is not None and not following.blank_before)
            if previous.kind == "meta" or self.lines[current].blank_before:
                return False
            current -= 1
        return False

    def _next_meaningful(self, index: int) -> int | None:
        for following in range(index + 1, len(self.lines)):
            if self.lines[following].kind not in SKIPPED_KINDS:
                return following
        return None

    def _header(self, headline: int, anchor: int) -> int:
        """Read the lines between the headline and the body; return where the body starts.

        A first prose line followed by meta lines, or by a paragraph opening with a
        dateline, is the standfirst, and the body starts after it.
        """
        story = self.story
        lines = self.lines
        while True:
            later = self._body_start(anchor + 1)
            between = range(anchor + 1, later if later is not None else len(lines))
            meta_after = any(lines[i].kind == "meta" for i in between)
            opens_with_dateline = (
                later is not None
                and not ln.dateline(lines[anchor].text, day_first=self.day_first)
                and ln.dateline(lines[later].text, day_first=self.day_first)
            )
            dek = ln.dek(lines[anchor].text)
            if (
                later is not None
                and (meta_after or opens_with_dateline or dek)
                and not story.summary
            ):
                story.summary = dek or lines[anchor].text
                for i in range(headline + 1, anchor):
                    self._header_line(lines[i], names=True)
                headline = anchor
                anchor = later
                continue
            break
        for index in range(headline + 1, anchor):
            line = lines[index]
            standfirst = line.kind in {"prose", "long"} and ln.size(line.text) >= 6
            # A standfirst without a final period: a long line right under the headline.
            standfirst = standfirst or (
                line.kind == "short" and ln.size(line.text) >= 12 and index == headline + 1
            )
            if not story.summary and standfirst and not self._in_key_points(index):
                story.summary = ln.dek(line.text) or line.text
                continue
            self._header_line(line, names=True)
        return anchor

    def _header_line(self, line: Line, *, names: bool) -> None:
        story = self.story
        if line.kind == "republished":
            self.republished = self.republished or line.value
        elif line.kind == "meta":
            self.metas.append(("header", line.value))
        elif line.kind == "caption":
            story.figures.append(line.value)
        elif line.kind == "credit" and story.figures and not story.figures[-1].credit:
            story.figures[-1].credit = line.value
        elif line.kind == "url":
            story.original_url = story.original_url or line.value
        elif line.kind == "short" and names:
            meta = ln.meta(line.raw, day_first=self.day_first, allow_names=True)
            if (
                meta is not None
                and meta.names
                and len(meta.names) == 1
                and not (meta.published or meta.byline or meta.source)
            ):
                # A bare name on its own line: the outlet, the author, or the author's city;
                # decided once the whole header is read (see _settle_meta).
                self.bare_names.append(meta.names[0])
            elif meta is not None:
                self.metas.append(("header", meta))
            elif authors := ln.authors_line(line.text):
                self.metas.append(("header", ln.Meta(byline=authors)))

    def _body(self, anchor: int) -> None:
        story = self.story
        mode = "body"
        ended = False
        paragraphs: list[Line] = []
        for position, line in enumerate(self.lines[anchor:], start=anchor):
            kind = line.kind
            if kind == "url":
                story.original_url = story.original_url or line.value
                continue
            if kind == "republished":
                self.republished = self.republished or line.value
                continue
            if kind == "clock":
                if paragraphs:
                    mode, ended = "tail", True  # the next entry of a live feed
                continue
            if kind == "disclaimer":
                story.disclaimer = story.disclaimer or line.value
                if paragraphs:
                    mode = "tail"  # the outlet's notes follow its disclaimer
                continue
            if kind == "correction":
                story.correction = story.correction or line.value
                continue
            if kind == "editor":
                if line.value and not self._byline_known():
                    self.metas.append(("tail", ln.Meta(byline=line.value)))
                continue
            if kind == "caption" and mode != "tail":
                story.figures.append(line.value)
                continue
            if kind == "credit" and mode != "tail":
                if story.figures and not story.figures[-1].credit:
                    story.figures[-1].credit = line.value
                continue
            if kind == "meta":
                if mode != "tail" or not ended:
                    self.metas.append(("tail", line.value))
                continue
            if kind in FOOTER_KINDS or kind == "ending" or kind == "label:ending":
                if paragraphs:
                    mode = "tail"
                    # Comments and most-read lists: their dates and names are not the story's.
                    ended = ended or kind in {"ending", "label:ending"}
                continue
            if kind in SKIPPED_KINDS:
                continue
            if kind == "label:tags":
                if paragraphs:
                    mode = "tail"
                continue
            if kind == "label:related":
                if not line.value and mode == "body":
                    mode = "related"
                continue
            if kind in {"label:newsletter", "label:key-points"}:
                if mode == "body":
                    mode = "box"
                    # The pitch just above the sign-up form ("Every Friday, our best...").
                    last = paragraphs[-1] if paragraphs else None
                    if last is self.lines[position - 1] and ln.size(last.text) <= 16:
                        paragraphs.pop()
                continue
            if mode == "tail":
                if not story.disclaimer and ln.disclaimer_like(line.text):
                    story.disclaimer = line.text
                continue
            if mode in {"related", "box"}:
                if self._resumes(line, mode):
                    mode = "body"
                else:
                    continue
            paragraphs.append(line)
        story.blocks = self._blocks(paragraphs)

    def _resumes(self, line: Line, mode: str) -> bool:
        """Whether story text starts again after a "related" list or a sign-up box.

        Running prose does; a headline of another story (title case, or short, or a
        question) does not. After a box, a subheading followed by prose does too.
        """
        text = line.text
        if (
            line.kind == "long"
            and not _title_case(text)
            and ((ln.ends_sentence(text) and not text.endswith(("?", "？"))) or ln.size(text) >= 25)
        ):
            return True
        position = self.lines.index(line)
        if mode == "box" and line.kind == "short" and ln.size(text) <= 14:
            following = self._next_meaningful(position)
            return following is not None and self.lines[following].kind == "long"
        if mode == "related" and line.kind == "short" and ln.size(text) <= 14 and line.blank_before:
            # A tight list of headlines, then apart from it a subheading over prose.
            previous = self.lines[position - 1] if position else None
            following = self._next_meaningful(position)
            return (
                previous is not None
                and not previous.blank_before
                and following is not None
                and self.lines[following].kind == "long"
                and self.lines[following].blank_before
            )
        return False

    def _byline_known(self) -> bool:
        return any(meta.byline for _, meta in self.metas)

    def _blocks(self, paragraphs: list[Line]) -> list[Block]:
        texts = [line.text for line in paragraphs]
        questions = _questions(texts)
        blocks: list[Block] = []
        index = 0
        while index < len(texts):
            text = texts[index]
            item = LIST_ITEM.match(text)
            if item:
                run = [text]
                while index + len(run) < len(texts) and LIST_ITEM.match(texts[index + len(run)]):
                    run.append(texts[index + len(run)])
                numbered = [LIST_ITEM.match(t)["number"] for t in run]
                if len(run) >= 2 and (all(numbered) or not any(numbered)):
                    kind = "ol" if all(numbered) else "ul"
                    blocks.append(Block(kind, items=[LIST_ITEM.match(t)["text"] for t in run]))
                    index += len(run)
                    continue
            if (ln.size(text) > 7 and _duplicate(text, texts, index)) or (
                ATTRIBUTION.match(text) and ln.size(text) <= 10 and not ln.ends_sentence(text)
            ):
                index += 1
                continue
            following = texts[index + 1] if index + 1 < len(texts) else ""
            heading = (
                blocks
                and following
                and ln.size(text) <= 14
                and len(text) <= 100
                and not ln.ends_sentence(text)
                and not text.endswith((":", "：", ","))
                and (
                    ln.is_prose(following)
                    or (following.endswith((":", "：")) and ln.size(following) >= 6)
                )
                and _capitalised(text)
            )
            asked = index in questions and (blocks or len(questions) >= 2)
            blocks.append(Block("h2" if heading or asked else "p", text))
            index += 1
        return blocks

    def _story_without_prose(self) -> None:
        """A page of short lines only: the best headline, then the lines after it as text."""
        headline = self._headline(len(self.lines))
        if headline is None:
            return
        self.story.title = self.lines[headline].text
        self.story.blocks = [
            Block("p", line.text)
            for line in self.lines[headline + 1 :]
            if line.kind in {"short", "prose"}
        ]

    # --- dates and credit -------------------------------------------------------------------

    def _settle_meta(self) -> None:
        story = self.story
        order = {"header": 0, "tail": 1, "before": 2}
        metas = [meta for _, meta in sorted(self.metas, key=lambda item: order[item[0]])]
        published = next((m.published for m in metas if m.published), None)
        updated = next((m.updated for m in metas if m.updated), None)
        story.published = published.value if published else None
        story.updated = updated.value if updated else None
        clock = next((m.clock for m in metas if m.clock), "")
        if story.published is not None and clock and not published.has_time:
            # A live feed's date at the top, the entry's time beside its headline.
            story.published = at_clock(story.published, clock)
        if story.published is not None and self.entry_updated and story.updated is None:
            story.updated = at_clock(story.published, self.entry_updated)
        if story.published is None and story.updated is not None:
            story.published, story.updated = story.updated, None
        story.byline = next((m.byline for m in metas if m.byline), "")
        found = _take_dateline(story, day_first=self.day_first)
        labelled = next((m.source for m in metas if m.source), "")
        story.source_found_by = "label" if labelled else ""
        agency = found.agency if found and found.agency else ""
        agency = agency or next((m.agency for m in metas if m.agency), "")
        if story.byline and ln.agency_like(story.byline):
            # "By The Associated Press", "Por: Agencia EFE": a wire, not a writer.
            agency, story.byline = agency or story.byline, ""
        # Unlabelled names count where the story's meta lines are, not in the page's own
        # date line above the headline ("Thursday, May 15, 2025 | Saskatoon").
        names = [name for zone, m in self.metas if zone != "before" for name in m.names if name]
        labelled_byline = bool(story.byline)
        for name in self.bare_names:
            kind = ln.name_kind(name)
            if kind == "person" and not story.byline:
                story.byline = ln.byline_names(name)
            elif kind == "outlet" or (kind == "person" and labelled_byline):
                names.append(name)  # an outlet, or a second name beside a labelled byline
        source, agency = credit_from(names, labelled=labelled, agency=agency)
        if source and not labelled:
            story.source_found_by = "names"
        if not source:
            source = self._masthead()
            story.source_found_by = "masthead" if source else ""
        if self.republished is not None:
            # "Originally published by X on <date>": X first ran the story, on that date.
            name, date = self.republished
            if name:
                source, story.source_found_by = name, "label"
            if date is not None:
                story.published = date.value
        if (
            agency
            and source
            and (
                _same_name(agency, source)
                or re.search(rf"(?<!\w){re.escape(agency)}(?!\w)", source, re.IGNORECASE)
            )
        ):
            if not ln.agency_like(agency):
                # "DULUTH, Minn. (KDLW) --" on KDLW 6 News: the station, by its own short name.
                source, agency = agency, ""
            else:
                source = agency  # the agency's own service ("Reuters Connect", "Agencia EFE")
        story.source = source
        story.agency = agency
        if story.published is None and found and found.date and found.date.has_year:
            story.published = found.date.value
        if found and found.byline and not story.byline:
            story.byline = found.byline
        self._drop_author_bio()

    def _masthead(self) -> str:
        return masthead(self.lines)

    def _drop_author_bio(self) -> None:
        """ "Jane Doe is a correspondent based in Riga.": the author's note, not the story."""
        names = [n for n in re.split(r"\s*,\s*", self.story.byline) if len(n) >= 4]
        blocks = self.story.blocks
        while (
            blocks
            and blocks[-1].kind == "p"
            and ln.size(blocks[-1].text) <= 45
            and any(blocks[-1].text.casefold().startswith(name.casefold()) for name in names)
        ):
            blocks.pop()


def _questions(texts: list[str]) -> set[int]:
    """Questions that head what follows: an interview's questions (two or more, each
    answered by a longer paragraph), or a lone short one ("¿Dónde están los centros?")."""
    asked = {
        i
        for i, text in enumerate(texts[:-1])
        if text.endswith(("?", "？"))
        and ln.size(text) <= 40
        and not texts[i + 1].endswith(("?", "？"))
        and len(texts[i + 1]) > len(text)
        and ln.is_prose(texts[i + 1])
    }
    if len(asked) >= 2:
        return asked
    return {i for i in asked if ln.size(texts[i]) <= 10 and _capitalised(texts[i])}


def _title_case(text: str) -> bool:
    """ "Your Furnace Is Dying. Should You Replace It": most longer words capitalised."""
    words = re.findall(r"[^\W\d_]{4,}", text)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _capitalised(text: str) -> bool:
    first = text.lstrip("\"'“”‘’«»「『¿¡ ")[:1]
    return first.isupper() or first.isdigit() or bool(ln.CJK.match(first))


def _duplicate(text: str, texts: list[str], index: int) -> bool:
    """A pull quote: a short line repeated from a longer paragraph elsewhere in the story."""
    core = re.sub(r"^[\"“”«»'‘’「『\s]+|[\"“”«»'‘’」』\s]+$", "", text).casefold()
    if len(core) < 25:
        return False
    return any(
        other is not text and len(other) > len(text) and core in other.casefold()
        for i, other in enumerate(texts)
        if i != index
    )


def masthead(lines: list[Line]) -> str:
    """The site's own name, when the page names no outlet: the name at the top of the
    page that its copyright line repeats (or a copyright holder named elsewhere too)."""
    holders = [h for line in lines if line.kind == "copyright"
               if (h := ln.copyright_holder(line.raw))]  # fmt: skip
    tail = lines[len(lines) * 2 // 3 :]
    holders += [h for line in tail if (h := ln.postal_sender(line.raw))]
    if not holders:
        return ""
    top = []
    for line in lines:
        if line.kind in {"long", "meta"}:
            break
        if line.kind in {"short", "menu"} and ln.size(line.text) <= 6:
            top.append(line.text)
    for name in top:
        for holder in holders:
            if _same_outlet(name, holder):
                # "THE KESTREL MORNING" / "The Kestrel": the outlet is the shorter name
                # (the longer one adds a product or a company form), as the page spells it.
                shorter = holder if len(holder.split()) <= len(name.split()) else name
                return holder if shorter.casefold() == holder.casefold() else name
    for holder in holders:
        mentions = sum(holder.casefold() in line.text.casefold() for line in lines)
        if mentions >= 2:
            return holder
    for holder in holders:
        sign = ln.call_sign(holder)
        if sign and any(sign in name.split() for name in top):
            return sign  # "Telenoticias 33 KVAZ" at the top, "Copyright 2024 KVAZ-TV" below
    return ""


def _take_dateline(story: Extracted, *, day_first: bool) -> ln.Dateline | None:
    """Move "ACCRA, Jan. 9 (Reuters) --" from the first paragraph into the dateline.

    A dateline dates the story only when it has a year and the page gave no full date:
    the caller decides, with the returned ``Dateline``.
    """
    first = next((b for b in story.blocks if b.kind == "p"), None)
    if first is None or story.dateline:
        return None
    found = ln.dateline(first.text, day_first=day_first)
    if found is None:
        return None
    story.dateline = found.dateline
    first.text = first.text[found.end :].lstrip(" -–—.:")
    if not first.text:
        story.blocks.remove(first)
    return found


def credit_from(names: list[str], *, labelled: str, agency: str) -> tuple[str, str]:
    """The outlet and the agency from a page's credit: labelled parts first, then names.

    "Oct 4, 2025 | CGTN | Andes Wire" and "date | EFE | La Voz del Cusco" differ only in
    order: the agency is the one the dateline names, else the one that is an agency.
    """
    names = [ln.norm(n) for n in names if ln.norm(n)]
    if agency:
        names = [n for n in names if not _same_name(n, agency)]
    source = labelled
    if not source:
        outlets = [n for n in names if not ln.agency_like(n)]
        source = outlets[0] if outlets else (names[0] if names else "")
    if not agency:
        others = [n for n in names if not _same_name(n, source)]
        agency = others[0] if others else ""
    return source, agency


_ARTICLES = {"the", "el", "la", "los", "las", "le", "les", "l", "o", "os", "a", "as"}


def _same_outlet(masthead: str, holder: str) -> bool:
    """ "The Morning Dispatch" and "Morning Dispatch News & Media Limited": one outlet."""

    def words(text: str) -> list[str]:
        found = re.findall(r"\w+", text.casefold())
        while found and found[0] in _ARTICLES:
            found = found[1:]
        return found

    a, b = words(masthead), words(holder)
    if not a or not b:
        return False
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return longer[: len(shorter)] == shorter and len("".join(shorter)) >= 4


def _same_name(a: str, b: str) -> bool:
    a, b = a.casefold(), b.casefold()
    return a == b or (min(len(a), len(b)) >= 3 and (a in b.split() or b in a.split()))

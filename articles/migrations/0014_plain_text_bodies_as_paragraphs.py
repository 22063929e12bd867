"""Bodies stored as plain text become the paragraphs their blank lines meant, once.

The rich-text editor opens HTML: a plain-text body would open as one run-on paragraph.
Pages already showed such bodies as paragraphs (at render time), so readers see no
change and no cached page needs to go. Rows are rewritten with ``update()``: no save
signals, no new "last modified" date, no revision.
"""

import re

import nh3
from django.db import migrations, models

# A frozen copy of articles.sanitize.paragraphs as it was written for this migration: a
# migration replays history and must not change when the app's code does.
BLOCK_TAG = re.compile(r"<(?:p|h2|h3|h4|blockquote|ul|ol|pre|table|hr|figure)[\s>]")
BLANK_LINES = re.compile(r"\n[^\S\n]*(?:\n\s*)+")
# Bodies were cleaned when saved: only inline markup can be in a plain-text body.
INLINE_TAGS = {"p", "br", "a", "strong", "em", "b", "i", "u", "s", "sub", "sup", "small",
               "abbr", "code", "q", "cite", "time"}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}, "q": {"cite"},
              "time": {"datetime"}}  # fmt: skip


def paragraphs(body: str) -> str:
    if not body or BLOCK_TAG.search(body):
        return body
    text = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    blocks = ("<br>".join(line.strip() for line in block.split("\n"))
              for block in BLANK_LINES.split(text))  # fmt: skip
    html = "".join(f"<p>{block}</p>" for block in blocks if block)
    # Cleaned again so a tag left open across a blank line is closed.
    return nh3.clean(
        html,
        tags=INLINE_TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()


BATCH = 500


def bodies_to_paragraphs(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    db = schema_editor.connection.alias
    rows = Article.objects.using(db).order_by("pk").values_list("pk", "body")
    changed = []
    for pk, body in rows.iterator(chunk_size=BATCH):
        new = paragraphs(body)
        if new != body:
            changed.append((pk, new))
    for pk, body in changed:
        Article.objects.using(db).filter(pk=pk).update(body=body)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0013_author_permissions'),
    ]

    operations = [
        migrations.AlterField(
            model_name='article',
            name='body',
            field=models.TextField(blank=True, help_text='Cleaned when saved. Without the editor: HTML, or plain text whose blank lines separate paragraphs; place a library photo with <figure data-photo="ID"></figure>.', verbose_name='body'),
        ),
        # Nothing to undo: paragraphs are what the text meant.
        migrations.RunPython(bodies_to_paragraphs, migrations.RunPython.noop),
    ]

"""The one allow-list: what the body editor can write is what the sanitizer keeps.

Each extension the admin's editor (django-prose-editor, ProseMirror) loads is listed
here once, with its configuration and the tags and attributes it writes. The sanitizer
(``articles.sanitize``) allows exactly the union of those, and nothing else; the editor
gets exactly these extensions. So every body, whoever wrote it (the editor, the plain
textarea without JavaScript, the importer, the API), holds only what the editor can
open and save unchanged. ``tests/test_richtext.py`` and the browser tests prove both
directions.

Extensions not in django-prose-editor (photos and videos placed in the body, a few
inline marks that imported copy carries) come from ``static/js/editor-extensions.js``.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from django.templatetags.static import static
from django_prose_editor.config import expand_extensions

URL_SCHEMES = ("http", "https", "mailto")
LINK_REL = "noopener noreferrer"


class Extension(NamedTuple):
    config: Any  # True, or the options the editor's extension is configured with
    tags: frozenset[str] = frozenset()
    attributes: dict[str, frozenset[str]] = {}


def writes(config: Any, *tags: str, **attributes: tuple[str, ...]) -> Extension:
    return Extension(
        config, frozenset(tags), {tag: frozenset(names) for tag, names in attributes.items()}
    )


EXTENSIONS: dict[str, Extension] = {
    # The document's skeleton and editing aids: they write no markup of their own.
    "Document": writes(True),
    "Text": writes(True),
    "Dropcursor": writes(True),
    "Gapcursor": writes(True),
    "History": writes(True),  # undo and redo
    "NoSpellCheck": writes(True),
    "Menu": writes(True),  # the toolbar: real buttons, reached with Tab
    "FieldLabel": writes(True),  # names the editing area after the field's label (ours)
    # Blocks
    "Paragraph": writes(True, "p"),
    "Heading": writes({"levels": [2, 3, 4]}, "h2", "h3", "h4"),
    "BulletList": writes(True, "ul"),
    "OrderedList": writes(True, "ol", ol=("start", "type", "data-type")),
    "ListItem": writes(True, "li"),
    "Blockquote": writes(True, "blockquote", blockquote=("cite",)),
    "HorizontalRule": writes(True, "hr"),
    "HardBreak": writes(True, "br"),
    "CodeBlock": writes(True, "pre", "code"),
    "Table": writes(True, "table", "tbody"),
    "TableRow": writes(True, "tr"),
    "TableHeader": writes(True, "th", th=("colspan", "rowspan", "scope")),
    "TableCell": writes(True, "td", td=("colspan", "rowspan")),
    # Marks
    "Bold": writes(True, "strong"),
    "Italic": writes(True, "em"),
    "Underline": writes(True, "u"),
    "Strike": writes(True, "s"),
    "Subscript": writes(True, "sub"),
    "Superscript": writes(True, "sup"),
    "Code": writes(True, "code"),
    "Link": writes(
        {
            "enableTarget": False,
            "protocols": list(URL_SCHEMES),
            "HTMLAttributes": {"rel": LINK_REL, "target": None, "class": None},
        },
        "a",
        a=("href", "title", "hreflang", "rel"),
    ),
    # Ours (static/js/editor-extensions.js): marks that imported copy carries...
    "Abbreviation": writes(True, "abbr", abbr=("title",)),
    "Quotation": writes(True, "q", q=("cite",)),
    "Citation": writes(True, "cite"),
    "SmallPrint": writes(True, "small"),
    "Time": writes(True, "time", time=("datetime",)),
    # ...and what the body places from our own records: a library photo, a video.
    "BodyPhoto": writes(True, "figure", figure=("data-photo",)),
    "BodyVideo": writes(True, "figure", figure=("data-video",)),
}

EDITOR_MODULES = ["js/editor-extensions.js"]


def allowed_tags() -> frozenset[str]:
    return frozenset().union(*(extension.tags for extension in EXTENSIONS.values()))


def allowed_attributes() -> dict[str, frozenset[str]]:
    attributes: dict[str, set[str]] = {}
    for extension in EXTENSIONS.values():
        for tag, names in extension.attributes.items():
            attributes.setdefault(tag, set()).update(names)
    return {tag: frozenset(names) for tag, names in attributes.items()}


def editor_config(**options: dict) -> dict:
    """What the admin's editor widget is told: these extensions (the toolbar's layout from
    django-prose-editor's defaults), and our module. ``options`` add per-request settings
    to an extension's configuration (the photo library's addresses)."""
    configured = {name: ext.config for name, ext in EXTENSIONS.items() if name != "Menu"}
    for name, extra in options.items():
        configured[name] = {**(configured[name] if isinstance(configured[name], dict) else {}),
                            **extra}  # fmt: skip
    return {
        "extensions": expand_extensions(configured),
        "js_modules": [static(path) for path in EDITOR_MODULES],
    }

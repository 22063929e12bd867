"""A WordPress post's content as a body (``wordpress.content``): block comments,
shortcodes, WordPress's paragraphs and images."""

from __future__ import annotations

import pytest

from wordpress.content import Image, autop, clean_content, expand_shortcodes, plain_text


def no_photos(image: Image) -> None:
    return None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("See note [1] and [sic].", "See note [1] and [sic]."),  # text, not shortcodes
        ("[su_box title='x']Inside[/su_box]", "Inside"),  # a plugin's tags go, its text stays
        ('Before [contact-form-7 id="4"] after', "Before  after"),
        ("[video src='a.mp4'][/video]Rest", "Rest"),  # media shortcodes go whole
        ("[newsletter /]", ""),
        (
            '[gallery ids="3,4"]',
            '<figure data-attachment="3"></figure><figure data-attachment="4"></figure>',
        ),
        (
            "[embed]https://youtu.be/dQw4w9WgXcQ[/embed]",
            '<figure data-video="https://youtu.be/dQw4w9WgXcQ"></figure>',
        ),
    ],
)
def test_shortcodes(text, expected):
    assert expand_shortcodes(text) == expected


def test_autop_makes_paragraphs_and_leaves_blocks_and_pre_alone():
    text = "One\ntwo\n\n<h2>Head</h2>\nThree\n\n<pre>a\n\nb</pre>\n\n<ul>\n<li>x</li>\n</ul>"
    assert autop(text) == (
        "<p>One<br>\ntwo</p>\n<h2>Head</h2>\n<p>Three</p>\n<pre>a\n\nb</pre>\n"
        "<ul>\n<li>x</li>\n</ul>\n"
    )


def test_a_caption_whose_image_is_missing_keeps_its_words():
    content = '[caption id="attachment_9"]<img src="/x.jpg" alt=""> The words.[/caption]'
    assert clean_content(content, no_photos) == "<p>The words.</p>"


def test_an_image_inside_a_paragraph_is_placed_after_it():
    content = '<p>Text <a href="/big.jpg"><img src="/x.jpg" class="wp-image-7"></a> more</p>'
    seen = []

    def find(image: Image) -> int:
        seen.append(image)
        return 42

    assert clean_content(content, find) == (
        '<p>Text <a href="/big.jpg" rel="noopener noreferrer"></a> more</p>'
        '<figure data-photo="42"></figure>'
    )
    assert seen == [Image(attachment_id=7, src="/x.jpg", alt="")]


def test_block_embeds_of_videos_become_the_sites_video_placement():
    content = (
        '<!-- wp:embed {"url":"https://vimeo.com/76979871"} -->\n'
        '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\n'
        "https://vimeo.com/76979871\n</div></figure>\n<!-- /wp:embed -->"
    )
    assert clean_content(content, no_photos) == (
        '<figure data-video="https://vimeo.com/76979871"></figure>'
    )


def test_an_excerpt_is_plain_text():
    assert plain_text("<p>The <em>dek</em> &amp; more</p> [shortcode x=1]") == "The dek & more"

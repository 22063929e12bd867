"""HTML the body editor writes, and HTML pasted into it from elsewhere."""

# Everything the editor can write (articles.richtext), in the form it writes it: the
# sanitizer must keep it byte for byte, and the editor must open and save it unchanged.
EVERY_FORMAT = (
    "<h2>Heading two</h2><h3>Heading three</h3><h4>Heading four</h4>"
    "<p>Plain, <strong>bold</strong>, <em>italic</em>, <u>underlined</u>, <s>struck</s>, "
    "H<sub>2</sub>O, x<sup>2</sup>, <code>code</code>, "
    '<a href="https://example.org/story" rel="noopener noreferrer">a link</a>, '
    '<abbr title="World Health Organization">WHO</abbr>, '
    '<q cite="https://example.org/q">a quote</q>, <cite>A Book</cite>, <small>small</small>, '
    '<time datetime="2024-09-12">12 Sept.</time><br>after a line break.</p>'
    "<ul><li><p>One</p></li><li><p>Two</p></li></ul>"
    '<ol data-type="decimal" start="3"><li><p>Three</p></li><li><p>Four</p></li></ol>'
    "<blockquote><p>Quoted words.</p></blockquote>"
    "<hr>"
    "<pre><code>print(1)</code></pre>"
    '<table><tbody><tr><th scope="row"><p>a</p></th><td colspan="2"><p>b</p></td></tr>'
    "</tbody></table>"
    '<figure data-photo="PHOTO"></figure>'
    '<figure data-video="https://youtu.be/dQw4w9WgXcQ"></figure>'
    "<p>The end.</p>"
)

# What the clipboard holds when a story is copied from a word processor, a Google
# document or a web page (abridged from real clipboards, in three languages).
WORD = """<html xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:w="urn:schemas-microsoft-com:office:word">
<head><meta charset="utf-8"><title>Story.docx</title>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->
<style>p.MsoNormal{margin:0cm;font-family:"Calibri"}
h2{mso-style-link:"Heading 2 Char"}</style></head>
<body lang=EN-GB style='tab-interval:36.0pt'>
<h2 style='mso-outline-level:2'><span lang=EN-GB>Port traffic recovers<o:p></o:p></span></h2>
<p class=MsoNormal style='margin-bottom:8.0pt'><b><span style='font-size:12.0pt'>SHANGHAI</span></b>
<span style='font-size:12.0pt'> -- Container volumes rose <i>sharply</i> in May.<o:p>
</o:p></span></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'>
<![if !supportLists]><span style='font-family:Symbol'>·<span
 style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]>
<span>Exports up 8%<o:p></o:p></span></p>
<p class=MsoNormal><a href="https://example.org/report" style='color:blue'>The report</a>
<span style='color:red'>in red</span><script>alert(1)</script><o:p></o:p></p>
</body></html>"""

GOOGLE_DOCS = (
    '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1a2b3c">'
    '<h2 dir="ltr" style="line-height:1.38;margin-top:18pt"><span style="font-size:16pt;'
    'font-family:Arial;color:#000000;font-weight:400">Los precios bajan</span></h2>'
    '<p dir="ltr" style="line-height:1.38"><span style="font-size:11pt;font-weight:700">'
    'MADRID</span><span style="font-size:11pt"> — Los precios cayeron en </span>'
    '<span style="font-size:11pt;font-style:italic">mayo</span><span>.</span></p>'
    '<ul style="margin-top:0"><li dir="ltr" style="list-style-type:disc"><p dir="ltr">'
    "<span>Energía: −3 %</span></p></li></ul></b>"
)

WEB_PAGE = (
    '<div class="article-body" onclick="track()"><style>.x{color:red}</style>'
    '<h3 class="subhead" style="color:#333">Ce qu\'il faut savoir</h3>'
    '<p style="font-size:18px">Le <strong class="hl">tarif</strong> change le '
    '<time datetime="2025-03-12">12 mars</time>.</p>'
    '<blockquote class="twitter-tweet"><p>Une citation.</p></blockquote>'
    '<img src="https://tracker.example/pixel.gif" width="1" height="1">'
    '<iframe src="https://ads.example/"></iframe>'
    '<p><a href="javascript:alert(1)">piège</a> et '
    '<a href="/relative" target="_blank">lien</a></p></div>'
)

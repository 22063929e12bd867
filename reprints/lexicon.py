"""The words news pages use for the parts around a story, in the languages we import.

These are kinds, not outlets: "Source:", "Fuente:", "来源：" label an outlet on any site;
"Advertisement", "Publicidad", "广告" label an advert on any site. Nothing here names an
outlet or repeats one page's wording. English, Spanish, French, Portuguese and Chinese
are covered; Italian and German where the word is common on agency copy.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

# A label ends with a colon (ASCII or full-width), sometimes with a space before it.
COLON = r"\s*[:：]"


def words(alternatives: Iterable[str]) -> str:
    """A regex alternation of the phrases, longest first, spaces matching any whitespace."""
    ordered = sorted(set(alternatives), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in ordered) + ")"


# --- labels of the story's metadata ----------------------------------------------------------

SOURCE_LABELS = words(
    ["source", "sources", "from", "fuente", "fonte", "origem", "origen", "provenance",
     "来源", "來源", "稿源", "出处", "media", "medio"]
)  # fmt: skip
BYLINE_LABELS = words(
    ["by", "written by", "words by", "text by", "story by", "reporter", "reporters",
     "reported by", "author", "authors", "writer", "por", "texto", "redacción", "autor",
     "reporta", "informa", "reportaje de", "reportagem de", "reportage de", "reporting by",
     "autora", "autores", "reportagem", "par", "texte", "de", "记者", "作者", "文", "文/图",
     "图/文", "采写", "撰文", "本报记者", "通讯员", "文字", "文字记者", "文稿",
     "propos recueillis par", "interview by", "interviewed by", "entrevista de",
     "entrevista por", "entrevista a cargo de", "采访"]
)  # fmt: skip
EDITOR_LABELS = words(
    ["editor", "editors", "edited by", "editing by", "editing", "copy editor",
     "editor in charge", "responsible editor", "edición", "editado por", "edición de",
     "editora", "edição", "editado", "édition", "édité par", "secrétariat de rédaction",
     "editor responsável", "editora responsável", "editor responsable", "edição de",
     "redacción", "rédaction", "责任编辑", "编审", "值班编辑", "主编",
     "编辑", "责任编辑", "責任編輯", "校对", "审核", "审校", "监制", "translated by",
     "traducción", "tradução", "traduction", "翻译"]
)  # fmt: skip
UPDATED_LABELS = words(
    ["updated", "last updated", "updated on", "updated at", "last modified", "modified",
     "actualizado", "actualizado el", "actualización", "última actualización",
     "mis à jour", "mis à jour le", "modifié le", "mise à jour", "atualizado",
     "atualizado em", "atualização", "última atualização", "更新", "更新时间",
     "最后更新", "修改时间", "aggiornato", "aktualisiert"]
)  # fmt: skip
PUBLISHED_LABELS = words(
    ["published", "published on", "published at", "first published", "posted",
     "posted on", "posted at", "date", "dated", "publicado", "publicado el",
     "publicado em", "publicada", "fecha", "data", "publié", "publié le", "publiée",
     "paru le", "发布时间", "发布", "发表时间", "发表", "时间", "日期", "发稿时间",
     "pubblicato", "veröffentlicht"]
)  # fmt: skip
CORRECTION_LABELS = words(
    ["correction", "corrections", "clarification", "editor's note", "editors' note",
     "corrección", "rectificación", "fe de errores", "fe de erratas", "aclaración",
     "nota de la redacción", "rectificatif", "erratum", "précision", "correção",
     "correcção", "errata", "erramos", "retificação", "更正", "勘误", "纠错说明",
     "更正说明"]
)  # fmt: skip
DISCLAIMER_LABELS = words(
    ["disclaimer", "statement", "legal notice", "notice", "aviso legal", "aviso",
     "descargo de responsabilidad", "advertencia", "nota legal", "avertissement",
     "avis de non-responsabilité", "mention légale", "mentions légales",
     "isenção de responsabilidade", "nota", "免责声明", "免責聲明", "声明",
     "版权声明", "特别声明", "exención de responsabilidad"]
)  # fmt: skip
TAG_LABELS = words(
    ["tags", "tag", "topics", "topic", "keywords", "related topics", "filed under",
     "etiquetas", "temas", "palabras clave", "mots-clés", "mots clés", "thèmes",
     "sujets", "étiquettes", "assuntos", "palavras-chave", "tópicos", "标签", "关键词",
     "關鍵詞", "主题", "相关标签", "parole chiave"]
)  # fmt: skip

# --- blocks around and inside the story --------------------------------------------------------

# "Related" blocks: a label, then headlines of other stories.
RELATED_LABELS = words(
    ["related", "related stories", "related articles", "related news", "related content",
     "related coverage", "more on this", "more on this story", "more stories",
     "more from", "read more", "read also", "also read", "see also", "recommended",
     "recommended for you", "you may also like", "you might also like", "further reading",
     "more news", "latest news", "latest", "top stories", "what to read next",
     "notas relacionadas", "noticias relacionadas", "artículos relacionados",
     "te puede interesar", "lea también", "lee también", "leé también", "lea además",
     "le puede interesar", "más noticias", "también te puede interesar", "ver también",
     "lo último", "últimas noticias", "articles liés", "à lire aussi", "a lire aussi",
     "lire aussi", "sur le même sujet", "voir aussi", "à voir aussi", "dans la même rubrique",
     "nos articles", "notícias relacionadas", "leia também", "leia mais", "veja também",
     "saiba mais", "mais notícias", "relacionadas", "últimas", "相关新闻", "相关阅读",
     "相关文章", "相关报道", "延伸阅读", "推荐阅读", "猜你喜欢", "更多新闻", "热点推荐",
     "往期回顾", "leggi anche", "mehr zum thema", "explore more on these topics",
     "more on this topic", "more on these topics", "read next", "up next", "read more about",
     "more from this section", "also in the news", "sponsored content", "sponsored links",
     "sponsored stories", "promoted stories", "from our partners", "around the web",
     "contenido patrocinado", "conteúdo patrocinado", "contenu sponsorisé",
     "contenus sponsorisés", "推广内容", "合作内容", "más en", "plus sur", "mais sobre"]
)  # fmt: skip
# Blocks after the story that end it: nothing after them is the article.
ENDING_LABELS = words(
    ["most read", "most popular", "most viewed", "most shared", "trending",
     "trending now", "popular", "popular now", "editor's picks", "comments",
     "leave a comment", "join the conversation", "sign in to comment",
     "log in to comment", "add a comment", "post a comment", "lo más leído",
     "lo más visto", "más leídas", "más leídos", "comentarios", "deja un comentario",
     "les plus lus", "les plus partagés", "commentaires", "réagir", "mais lidas",
     "mais lidos", "mais vistas", "comentários", "deixe seu comentário",
     "热门文章", "热门新闻", "热点新闻", "热门", "排行榜", "点击排行", "网友评论",
     "评论", "发表评论", "读者评论", "24小时热点", "i più letti", "media contact",
     "media contacts", "press contact", "press contacts", "for more information",
     "for further information", "contact", "contacts", "about us", "about the author",
     "contacto de prensa", "contacto para medios", "contacto para prensa", "contactos",
     "más información", "contato para imprensa", "contatos para imprensa",
     "assessoria de imprensa", "mais informações", "contact presse", "contacts presse",
     "contact média", "pour plus d'informations", "媒体联系人", "媒体联络", "新闻联络人",
     "联系方式", "联系我们", "关于我们", "about the author", "about the authors",
     "about the writer", "à propos de l'auteur", "à propos de l'autrice", "à propos des auteurs",
     "l'auteur", "l'autrice", "sobre el autor", "sobre la autora", "sobre los autores",
     "sobre o autor", "sobre a autora", "sobre os autores", "关于作者", "作者简介",
     "more from the author", "du même auteur", "du même autrice",
     "del mismo autor", "do mesmo autor", "responses", "respuestas", "réponses", "respostas",
     "recommended from medium", "comments are closed", "join the discussion", "references",
     "bibliography", "sources", "referencias", "bibliografía", "fuentes", "références",
     "bibliographie", "referências", "bibliografia", "fontes", "参考文献", "论文信息",
     "that's all for today", "that's it for today", "see you tomorrow", "eso es todo por hoy",
     "nos leemos mañana", "c'est tout pour aujourd'hui", "à demain", "é tudo por hoje",
     "até amanhã", "unsubscribe", "manage preferences", "darse de baja",
     "gestionar preferencias", "se désabonner", "gérer mes préférences",
     "cancelar inscrição", "gerenciar preferências", "取消订阅", "load more", "more updates",
     "charger plus", "charger plus d'actualités", "cargar más", "carregar mais", "加载更多",
     # a newsletter's other items after its lead story
     "quick hits", "in other news", "also today", "otras noticias", "en breve", "breves",
     "autres actualités", "à noter aussi", "outras notícias", "em outras notícias", "curtas",
     "其他新闻", "简讯"]
)  # fmt: skip
NEWSLETTER_LABELS = words(
    ["newsletter", "sign up", "sign up for our newsletter", "subscribe to our newsletter",
     "get the newsletter", "your email", "email address", "boletín", "suscríbete",
     "suscribirse", "recibe", "inscrivez-vous", "abonnez-vous", "s'inscrire",
     "votre adresse e-mail", "votre e-mail", "assine", "inscreva-se", "receba",
     "seu e-mail", "订阅", "邮箱"]
)  # fmt: skip
KEY_POINTS_LABELS = words(
    ["key points", "key takeaways", "highlights", "in brief", "at a glance", "the gist",
     "summary", "what you need to know", "lo esencial", "claves", "en resumen",
     "lo que debes saber", "l'essentiel", "en bref", "à retenir", "ce qu'il faut retenir",
     "o essencial", "pontos-chave", "em resumo", "resumo", "要点", "摘要", "核心提示",
     "导读", "内容提要",
     # boxes beside a story: a newsletter's contents, a match's line-ups and timeline
     "in today's edition", "in this edition", "in this issue", "today's edition",
     "en la edición de hoy", "en esta edición", "hoy en", "au sommaire", "au sommaire aujourd'hui",
     "dans cette édition", "nesta edição", "na edição de hoje", "lineups", "line-ups",
     "starting lineups", "alineaciones", "escalações", "compositions", "les compositions",
     "timeline", "match timeline", "key moments", "lance a lance", "minuto a minuto",
     "incidencias", "minute par minute", "le film du match", "stats", "match stats",
     "estadísticas", "estatísticas", "statistiques", "fixtures", "next matches",
     "upcoming fixtures", "próximos jogos", "próximos partidos", "prochains matchs",
     "standings", "table", "classificação", "clasificación", "tabla de posiciones",
     "classement", "首发", "首发阵容", "阵容", "技术统计", "比赛进程", "a word from our sponsor",
     "from our sponsor", "presented by", "sponsored by", "un mensaje de nuestro patrocinador",
     "patrocinado por", "un mot de notre partenaire", "mensagem do patrocinador",
     "oferecimento"]
)  # fmt: skip

# --- lines that are site chrome on their own ------------------------------------------------------

ADVERT = words(
    ["advertisement", "advertising", "skip advertisement", "ad", "ads", "sponsored",
     "paid content", "promoted",
     "story continues below advertisement", "article continues below",
     "continue reading below", "publicidad", "publicidade", "anuncio", "anúncio",
     "patrocinado", "publicité", "annonce", "sponsorisé", "广告", "推广", "pubblicità",
     "anzeige", "werbung", "continúa leyendo", "la suite après cette publicité",
     "suite après la publicité", "continua após a publicidade", "continua depois da publicidade"]
)  # fmt: skip
AUDIO = words(
    ["listen to this article", "listen to article", "listen", "listen to this story",
     "audio", "play audio", "escuchar", "escucha esta noticia", "escuchar noticia",
     "escuchar artículo", "écouter cet article", "écouter", "écouter l'article",
     "ouvir", "ouvir matéria", "ouça", "ouvir notícia", "收听", "听新闻", "语音播报",
     "朗读", "点击收听"]
)  # fmt: skip
SHARE = words(
    ["share", "share this", "share this article", "share this story", "share on",
     "share full article", "share article", "share story", "compartilhar matéria",
     "compartir artículo", "partager l'article",
     "share to", "share via", "compartir", "compartir en", "comparte", "compartilhar",
     "compartilhe", "partilhar", "partilhe", "partager", "partager sur", "partagez",
     "分享", "分享到", "分享至", "转发", "condividi", "teilen"]
)  # fmt: skip
# Share targets and page tools: a line made only of these is a share bar or a toolbar.
TOOLS = words(
    ["facebook", "twitter", "x", "linkedin", "whatsapp", "telegram", "reddit",
     "pinterest", "email", "e-mail", "mail", "print", "copy link", "copy", "link",
     "copier le lien", "copier", "imprimer", "envoyer", "copiar enlace", "copiar link",
     "enviar por e-mail", "enviar por email", "enviar por correo", "send by email",
     "email this", "e-mail this", "envoyer par mail", "envoyer par e-mail", "share by email",
     "copiar", "imprimir", "enviar", "correo", "correo electrónico", "courriel",
     "e-mail this page", "weibo", "微博", "微信", "wechat", "qq", "qq空间", "朋友圈", "豆瓣",
     "复制链接", "打印", "line", "複製連結", "複製", "列印", "臉書", "脸书", "推特", "plurk",
     "轉寄", "bluesky", "threads",
     "flipboard", "messenger", "sms", "a", "a+", "a-", "aa", "font size",
     "text size", "save", "bookmark", "guardar", "sauvegarder", "salvar", "收藏",
     "comment", "comments", "comentar", "commenter", "评论", "gift article",
     "open in app", "abrir en la app", "ouvrir dans l'application", "abrir no app",
     "download the app", "在app中打开", "打开app", "app内打开", "follow", "seguir", "suivre",
     "view in browser", "view online", "ver en el navegador", "ver online",
     "voir dans le navigateur", "voir en ligne", "ver no navegador", "在浏览器中查看",
     "关注", "订阅", "+ 关注", "+关注"]
)  # fmt: skip
BACK_TO_TOP = words(
    ["back to top", "to top", "top", "return to top", "scroll to top", "volver arriba",
     "ir arriba", "subir", "volver al inicio", "haut de page", "retour en haut",
     "remonter", "voltar ao topo", "topo", "voltar para o topo", "返回顶部", "回到顶部",
     "顶部", "torna su"]
)  # fmt: skip
# "Print", "Download PDF": page tools on their own line.
PAGE_TOOLS = words(
    ["print", "print this page", "download pdf", "pdf", "imprimir", "descargar pdf",
     "baixar pdf", "imprimer", "télécharger le pdf", "打印", "下载pdf", "打印本页",
     "关闭窗口", "close window", "cerrar", "fermer", "fechar", "[打印]", "[关闭]"]
)  # fmt: skip
READ_TIME = re.compile(
    r"^(?:\d+\s*(?:min(?:ute)?s?|mins?\.?)\s*(?:read|de lectura|de leitura|de lecture|"
    r"lectura|leitura|lecture)?|(?:lectura|leitura|lecture|read(?:ing)? time|tempo de leitura|"
    r"tiempo de lectura|temps de lecture)\s*[:：]?\s*(?:de\s+)?\d+\s*min\w*|"
    r"(?:约|阅读约?|预计阅读)\s*[:：]?\s*\d+\s*分钟(?:读完|阅读)?|\d+\s*分钟(?:读完|阅读)?|"
    r"[\d.,]+\s*(?:words|palabras|mots|palavras|字)|(?:words|palabras|mots|palavras|字数)\s*[:：]\s*"
    r"[\d.,]+)$",
    re.IGNORECASE,
)
# "Skip to main content": links for keyboard users at the top of a page.
SKIP_LINK = re.compile(
    r"^(?:skip|jump|go) to (?:the )?(?:main )?(?:content|navigation|menu|search|footer)|"
    r"^(?:ir|saltar) al (?:contenido|menú)|^aller (?:au|à la) (?:contenu|navigation|menu)|"
    r"^(?:pular|ir) para o (?:conteúdo|menu)|^跳(?:到|转到?)(?:主要)?(?:内容|正文|导航)",
    re.IGNORECASE,
)
# "A version of this article appears in print on...": a note about the paper edition.
PRINT_NOTE = re.compile(
    r"^(?:a version of this (?:article|story) (?:appears|appeared) in print|this (?:article|"
    r"story) (?:appears|appeared) in (?:the )?print|una versión de este artículo (?:apareció|"
    r"aparece|se publicó)|une version de cet article est parue|cet article est paru dans|"
    r"uma versão (?:desta|deste) (?:reportagem|texto|artigo) (?:foi publicada|saiu)|"
    r"本文(?:刊|发)于.{0,12}(?:版|报))",
    re.IGNORECASE,
)
# Words that are never a menu item on their own but fill headlines: an all-caps line made
# of them is a headline shouting, not a navigation bar.
FUNCTION_WORDS = frozenset(
    {"the", "a", "an", "of", "in", "on", "at", "to", "for", "after", "as", "by", "with",
     "over", "from", "and", "is", "are", "was", "will", "its", "into", "amid", "de", "la",
     "el", "los", "las", "en", "y", "del", "por", "para", "con", "un", "una", "le", "les",
     "du", "des", "et", "au", "aux", "à", "sur", "pour", "dans", "da", "do", "dos", "das",
     "e", "com", "no", "na", "um", "uma", "em", "ao", "após", "tras", "après"}
)  # fmt: skip
# Well-known news agencies and the words agencies call themselves by: a category, like
# month names, used to tell the agency from the outlet in "date | EFE | La Voz".
AGENCY_NAMES = words(
    ["reuters", "ap", "associated press", "the associated press", "afp",
     "agence france-presse", "agence france presse",
     "efe", "agencia efe", "xinhua", "新华社", "中新社", "中新网", "ansa", "dpa", "lusa",
     "agência lusa", "kyodo", "yonhap", "tass", "ria novosti", "pti", "ani", "ians",
     "anadolu", "europa press", "agência brasil", "agencia andina", "andina", "notimex",
     "télam", "telam", "prensa latina", "bernama", "antara", "apa", "kna", "nan", "mena",
     "wam", "spa", "qna", "irna", "cna", "central news agency", "bloomberg", "upi",
     "canadian press", "la presse canadienne", "aap", "pa", "press association", "belga",
     "anp", "ccn", "sputnik", "ips", "ats", "keystone-ats", "rtbf", "agencia", "agência",
     "agence", "agency", "news agency", "news service", "wire", "wires", "通讯社", "通訊社"]
)  # fmt: skip
AGENCY_WORD = re.compile(
    r"\b(?:agency|agencia|agência|agence|agenzia|news service|wire|presse?)\b"
    r"|通讯社|通訊社|新闻社|社$",
    re.IGNORECASE,
)
RELATIVE_TIME = re.compile(
    r"^(?:\d+\s*(?:s|sec|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|"
    r"day|days|w|week|weeks)\s+ago|(?:hace|há)\s+\d+\s*\w+|il y a\s+\d+\s*\w+|"
    r"\d+\s*(?:分钟|小时|天)前|just now|ahora|agora|à l'instant|刚刚|yesterday|ayer|"
    r"ontem|hier|昨天|today|hoy|hoje|aujourd'hui|今天)$",
    re.IGNORECASE,
)
COPYRIGHT = re.compile(
    r"(?:^(?:©|\(c\)|ⓒ|copyright\b)|\ball rights reserved\b|\btodos los derechos reservados\b"
    r"|\btous droits réservés\b|\btodos os direitos reservados\b|版权所有|版權所有"
    r"|\bderechos reservados\b|\bdireitos reservados\b)",
    re.IGNORECASE,
)
# "Home > Business > Markets", "Accueil › Économie", "首页 > 财经"
# The first crumb of a breadcrumb trail.
HOME = re.compile(
    r"(?:home|homepage|front page|inicio|portada|accueil|une|in[ií]cio|capa|首页|首頁|主页)",
    re.IGNORECASE,
)
BREADCRUMB_SEPARATOR = re.compile(r"\s*(?:>|›|»|→|\\|/|>>)\s*")
# "BREAKING: ...", "LIVE", "EXCLUSIVE": tickers and badges above a story.
TICKER = words(
    ["breaking", "breaking news", "just in", "live", "developing", "alert", "ticker",
     "última hora", "urgente", "en directo", "en vivo", "dernière minute", "en direct",
     "alerte", "urgent", "ao vivo", "plantão", "快讯", "突发", "直播", "最新消息"]
)  # fmt: skip

# "(with AFP)", "com agência Lusa", "avec AFP": the agency that carried the story.
WITH_AGENCY_SUFFIX = re.compile(
    r"\s*[,(]?\s*\b(?:with|con|avec|com|com informações d[aoe]s?|con información de)\s+"
    r"(?:(?:la\s+)?agencia\s+|(?:l')?agence\s+|(?:a\s+)?agência\s+)?(?P<agency>[^()]{2,40}?)"
    r"\s*\)?$",
    re.IGNORECASE,
)
# "Por Ana Costa, da Agência Brasil", "By Jane Roe, of The Associated Press", "Par Luc
# Martin, de l'AFP": the byline's last comma part names who the reporter works for; it is
# the agency when the name is one (``lines.agency_like``), else it is left alone.
BYLINE_EMPLOYER = re.compile(
    r",\s*(?:of|from|for|da|do|das|dos|de|del|de la|du|des|de l')\s*(?:the\s+|l'|la\s+|a\s+)?"
    r"(?P<agency>[^,()]{2,40})$",
    re.IGNORECASE,
)
WITH_AGENCY = re.compile(
    r"^(?:\(?\s*)?(?:with|con|con información de|con información|avec|com|com informações d[aoe]s?|"
    r"com agências?|con agencias?|avec agences?|de la agencia|de l'agence|da agência|"
    r"with reporting from|via)\s+(?:(?:la\s+)?agencia\s+|(?:l')?agence\s+|a\s+agência\s+|"
    r"agência\s+)?(?P<agency>[^()]{2,60}?)\s*\)?$",
    re.IGNORECASE,
)

# "Staff Reporter", "envoyée spéciale à X", "corresponsal": roles after a name in a byline.
BYLINE_ROLES = words(
    ["staff reporter", "staff reporters", "staff writer", "staff writers", "reporter",
     "reporters", "correspondent", "correspondents", "special correspondent",
     "senior correspondent", "contributor", "contributing writer", "editor",
     "senior editor", "writer", "columnist", "analyst", "political reporter",
     "economics correspondent", "staff", "for the", "special to", "corresponsal",
     "enviado especial", "enviada especial", "redactor", "redactora", "periodista",
     "colaborador", "colaboradora", "envoyé spécial", "envoyée spéciale",
     "correspondant", "correspondante", "journaliste", "rédacteur", "rédactrice",
     "correspondente", "enviado", "enviada", "repórter", "jornalista", "redator",
     "redatora", "colunista", "记者", "特约记者", "通讯员", "实习生", "本报记者",
     "professor", "associate professor", "assistant professor", "lecturer", "researcher",
     "research fellow", "fellow", "director", "economist", "scientist", "chercheur",
     "chercheuse", "chercheur associé", "chercheuse associée", "économiste", "professeur",
     "professeure", "maître de conférences", "investigador", "investigadora", "profesor",
     "profesora", "economista", "pesquisador", "pesquisadora", "professora", "教授",
     "研究员", "副教授", "博士", "phd candidate", "doctoral candidate", "doctoral student",
     "student", "doctorant", "doctorante", "doctorando", "doctoranda", "estudiante",
     "doutorando", "doutoranda", "博士生", "研究生"]
)  # fmt: skip
# Joins between several authors: "A and B", "A y B", "A et B", "A e B", "A 和 B".
AUTHOR_JOIN = re.compile(r"\s+(?:and|y|e|et|&|und)\s+|\s*[、和与及]\s*", re.IGNORECASE)

# Words that introduce a photo credit, in captions: "(PHOTO: X)", "Foto: X", "摄".
PHOTO_WORDS = words(
    ["photo", "photos", "photograph", "photography", "photographer", "pic", "picture",
     "image", "images", "credit", "credits", "photo credit", "image credit", "courtesy",
     "file photo", "foto", "fotos", "fotografía", "fotografías", "fotografia", "fotografias",
     "photographs", "photographies", "imagen", "imagem", "imágenes", "imagens",
     "crédito", "créditos", "crédito da foto", "cortesía", "cortesia", "foto de archivo",
     "crédit", "crédit photo", "crédits", "illustration", "illustración", "ilustración",
     "ilustração", "archives", "archivo", "arquivo", "图", "图片", "图片来源", "图源",
     "摄", "摄影", "供图", "资料图", "视频截图", "截图", "ap photo", "afp photo",
     "reuters photo", "efe photo", "xinhua photo", "graphic", "graphics", "infographic",
     "gráfico", "infografía", "infográfico", "chart", "illustration", "mapa", "carte", "map"]
)  # fmt: skip

# Words outlets are named with ("The Daily News", "Diário Metropolitano", "Le Courrier"):
# a name with one of these is an outlet, not a person.
OUTLET_NOUNS = re.compile(
    r"\b(?:daily|times|post|news|herald|tribune|gazette|journal|courier|chronicle|review|"
    r"standard|telegraph|guardian|observer|express|dispatch|ledger|monitor|bulletin|weekly|"
    r"magazine|diario|periódico|semanario|semanal|revista|noticias|crónica|heraldo|"
    r"quotidien|hebdo|hebdomadaire|courrier|dépêche|jornal|diário|gazeta|folha|correio|"
    r"notícias|tv|television|televisión|télévision|televisão|radio|rádio|channel|canal|"
    r"station|desk|bureau|newsroom|portal|redacción|rédaction|redação|blog)\b|"
    r"(?:报|网|台|日报|晚报|周刊|时报|电视台|時報|日報|網)$",
    re.IGNORECASE,
)


@functools.cache
def function_words() -> frozenset[str]:
    """The commonest words of the languages we read ("the", "de", "que", "et", "的")."""
    from wordfreq import top_n_list

    words: set[str] = set()
    for language in ("en", "es", "fr", "pt", "it", "de", "nl", "ca"):
        words.update(top_n_list(language, 60))
    return frozenset(words)


# "Do you have photos or video?", "Síguenos en", "Receba as notícias no WhatsApp": the
# site asking readers for something; never the story.
CALL_TO_ACTION = re.compile(
    r"^(?:📲\s*)?(?:do you have (?:photos|video|a (?:news )?tip)|send us your|have a (?:news )?tip|"
    r"got a (?:news )?tip|follow us on|download (?:our|the) app|get (?:our|the) app|"
    r"read more on|read the full story (?:on|at)|read the (?:full )?article on|"
    r"lire l'article sur|lire l'article complet sur|leer el artículo en|ler a matéria em|"
    r"¿tienes (?:fotos|videos|una denuncia)|envíanos|síguenos en|descarga (?:nuestra|la) app|"
    r"leer la nota completa en|lee la nota completa en|"
    r"vous avez des (?:photos|images|infos)|envoyez-nous|suivez-nous sur|téléchargez (?:notre|l')"
    r"appli|lire la suite sur|"
    r"tem (?:fotos|vídeos|uma denúncia)|mande (?:sua|seu)|envie (?:sua|seu)|siga-nos|receba as "
    r"notícias|baixe o app|leia a matéria completa em|"
    r"欢迎(?:提供|投稿|爆料)|下载(?:客户端|APP|app)|关注我们|扫码)",
    re.IGNORECASE,
)
# Video players' labels and controls: "Watch: ...", "Duration 3:05", "Next video: ...".
VIDEO_PLAYER = re.compile(
    r"^(?:▶\s*)?(?:watch|watch now|watch live|video|next video|up next|duration|captions|"
    r"siguiente video|video siguiente|a continuación|vídeo seguinte|"
    r"closed captions|subtitles|unmute|mute|play|replay|mira|ver video|video:|próximo video|"
    r"duración|subtítulos|regarder|vidéo|vidéo suivante|durée|sous-titres|assista|vídeo|"
    r"próximo vídeo|duração|legendas|ativar som|视频|播放|下一条)\b[\s:：]*",
    re.IGNORECASE,
)
# A time of day on its own: a live feed's entry stamp ("15:05", "11h47", "Act. 15:37").
CLOCK = re.compile(r"(?:(?:act\.?|actualizado|mis à jour|atualizado|updated|更新)\s*:?\s*)?"
                   r"(?:[01]?\d|2[0-3])\s*(?::|h)\s*[0-5]\d(?:\s*(?:h|hs|hrs))?",
                   re.IGNORECASE)  # fmt: skip
TIMEZONE = re.compile(
    r"(?:ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT|AKST|AKDT|HST|GMT|UTC|BST|IST|CET|CEST|"
    r"EET|EEST|WET|WEST|MSK|WAT|CAT|EAT|SAST|ART|BRT|CLT|COT|PET|VET|AST|NST|AEST|AEDT|NZST|"
    r"NZDT|HKT|SGT|JST|KST|BJT|WIB)"
)
WEEKDAY = re.compile(
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunes|martes|miércoles|"
    r"jueves|viernes|sábado|domingo|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    r"segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira|星期[一二三四五六日天]|"
    r"周[一二三四五六日])",
    re.IGNORECASE,
)
# "This article was originally published by X": a reprint telling where it first ran.
REPUBLISHED = re.compile(
    r"(?:originally|first) (?:published|appeared|ran)(?:\s+(?:on\s+)?[\w.]+\s+\d{1,2},?\s+\d{4},?|"
    r"\s+(?:on\s+)?\d{1,2}\s+\w+\s+\d{4},?)? (?:by|in|on|at)\s+(?:the (?:website|site) "
    r"of\s+)?(?P<en>[^,.;]+?)(?:\s+on\s+|\s*[,.;]|\s+and\s|$)|"
    r"(?:publicad[oa] originalmente|publicad[oa] inicialmente|apareció originalmente)"
    r"(?:\s+el\s+[^,]{4,30}?\d{4},?)? (?:en|por)\s+(?:el sitio (?:web )?de\s+)?"
    r"(?P<es>[^,.;]+?)(?:\s+el\s+|\s*[,.;]|$)|"
    r"(?:initialement|d'abord|originellement) (?:paru|publié|publiée)"
    r"(?:\s+le\s+[^,]{4,30}?\d{4},?)? (?:sur|dans|par)\s+"
    r"(?:le site (?:de|du|des)\s+)?(?P<fr>[^,.;]+?)(?:\s+le\s+|\s*[,.;]|$)|"
    r"(?:publicad[oa] originalmente|originalmente publicad[oa])(?:\s+em\s+[^,]{4,30}?\d{4},?)?"
    r" (?:em|por|n[oa])\s+"
    r"(?:site d[oa]\s+)?(?P<pt>[^,.;]+?)(?:\s+em\s+|\s*[,.;]|$)|"
    r"(?:本文)?(?:原载|原载于|原刊于|首发于|转载自|转自|来源于)[\s:：]*(?P<zh>[^，。,;；\s]+)",
    re.IGNORECASE,
)
# A newsletter's greeting or sign-off to its readers, and a sponsor's line: the frame
# around the story.
GREETING = re.compile(
    r"^(?:¡?hola\b|buenos días|buenas tardes|good (?:morning|afternoon|evening)\b|hi\b|hello\b|"
    r"hey\b|dear (?:reader|readers|subscriber)|bonjour\b|bonsoir\b|salut\b|chers lecteurs|"
    r"bom dia\b|boa tarde\b|olá\b|oi\b|caros leitores|queridos lectores|早上好|大家好|各位读者)",
    re.IGNORECASE,
)
SPONSOR = re.compile(
    r"^(?:presented by|sponsored by|brought to you by|in partnership with|paid for by|"
    r"presentado por|patrocinado por|en alianza con|présenté par|en partenariat avec|"
    r"avec le soutien de|apresentado por|oferecimento|patrocínio|本期赞助|赞助商)\b",
    re.IGNORECASE,
)
# "WEATHER ALERT: ...", "ALERTA DA DEFESA CIVIL: ...": an alert banner above a story.
ALERT_BANNER = re.compile(
    r"^[A-ZÀ-ÖØ-Þ0-9 '’.-]{0,40}\b(?:ALERT|ALERTA|ALERTE|WARNING|AVISO|AVERTISSEMENT|URGENT|"
    r"URGENTE|BREAKING|ÚLTIMA HORA|DERNIÈRE MINUTE|PLANTÃO)\b[A-ZÀ-ÖØ-Þ0-9 '’.-]{0,40}[:：]\s"
)
# "原标题：…", "Original title: …": the headline the outlet first gave the story.
ORIGINAL_TITLE = re.compile(
    r"^(?:原标题|原題|original (?:title|headline)|título original|titre original)\s*[:：]",
    re.IGNORECASE,
)

# "Photo courtesy of X", "Foto cedida por el X", "Photo : avec l'aimable autorisation de X":
# after a photo label, the words that say who lent the picture.
COURTESY = (
    r"(?:courtesy(?:\s+of)?|cortes[ií]a(?:\s+d[eao])?|cedid[ao]s?\s+(?:por|pel[ao])|"
    r"gentileza(?:\s+d[eao])?|avec\s+l['’]aimable\s+autorisation\s+d(?:e|u|es)|"
    r"gracieuset[ée](?:\s+d(?:e|u|es))?|fournie\s+par|offerte\s+par|提供)"
    r"(?:\s+(?:the|el|la|los|las|le|les|l['’]|o|a|os|as)\b)?\s*"
)

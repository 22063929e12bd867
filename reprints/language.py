"""The language a story is written in, as a BCP 47 primary code ("en", "es", "zh")."""

from __future__ import annotations

from functools import cache

from .lines import cjk_share

# The languages newsrooms most often reprint from; py3langid chooses among these, which
# keeps short, name-heavy texts from being read as a language nobody here publishes in.
CANDIDATES = (
    "en", "es", "fr", "pt", "zh", "de", "it", "nl", "ru", "ar", "ja", "ko", "tr", "pl",
    "id", "vi", "ca", "sv", "uk", "hi",
)  # fmt: skip


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(CANDIDATES))
    return identifier


def detect_language(text: str, *, default: str = "") -> str:
    """The language of ``text``, or ``default`` when there is too little text to tell."""
    sample = " ".join(text.split())[:6000]
    if len(sample) < 20:
        return default
    if cjk_share(sample) > 0.3:
        kana = sum(1 for c in sample if "\u3040" <= c <= "\u30ff")
        return "ja" if kana > 10 else "zh"
    language, probability = _identifier().classify(sample)
    return language if probability >= 0.5 else default

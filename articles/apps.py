from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self) -> None:
        from django.conf import settings
        from PIL import Image

        # Pillow's own decompression-bomb guard, for every image opened in this process
        # (uploads are also checked against the setting before decoding: articles.images).
        Image.MAX_IMAGE_PIXELS = settings.NEWSROOM_PHOTO_MAX_PIXELS

"""The reader-page caches: versions of what readers see, the page cache and fragments.

This package imports no app. Apps *register* what they contribute in their
``AppConfig.ready()`` (``caching.registry``): the models whose edits change reader pages
(or why a model does not), the fragments worth fetching with a request's first cache
round trip, the navigation state the site header varies on, and when content next
changes by itself (a scheduled article). The whole contract is in ``docs/caching.md``.

Modules: ``version`` (the clock and versions), ``dependencies`` (what a value was built
from), ``fragments`` (values kept while current),
``middleware`` (whole pages), ``http`` (what views say may be cached), ``registry``
(what apps contribute), ``checks`` (the guard), ``backend`` (Redis that an outage
cannot take down) and the ``{% fragment %}`` template tag (``templatetags/caching.py``).
"""

"""Only for migration 0002, which names `cms.models.cache.CachedPageMixin` as a base class.

The page cache lives in cms/core/page_cache.py; import it from there.
"""

from cms.core.page_cache import CachedPageMixin as CachedPageMixin

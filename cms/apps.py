from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site pages")

    def ready(self) -> None:
        # These need the models loaded, so they are imported once the app registry is ready.
        from . import signals  # noqa: PLC0415
        from .pilots import admin  # noqa: F401, PLC0415 (registers the Wagtail admin hooks)
        from .proposals import admin as proposal_admin  # noqa: F401, PLC0415 (registers hooks)
        from .proposals import links as proposal_links  # noqa: PLC0415
        from .reading import plain as reading_plain  # noqa: PLC0415
        from .reading import rooms as reading_rooms  # noqa: PLC0415
        from .reading import signals as reading_signals  # noqa: PLC0415
        from .reports import admin as report_admin  # noqa: F401, PLC0415 (hooks and signals)

        signals.connect()
        reading_signals.connect()
        reading_plain.register_variants()
        reading_rooms.connect()
        proposal_links.connect()

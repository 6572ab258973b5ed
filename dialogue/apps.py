from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialogueConfig(AppConfig):
    name = "dialogue"
    verbose_name = _("Dialogue")

    def ready(self) -> None:
        from . import exports, notify  # noqa: PLC0415 (need the models loaded)
        from . import signals as generation_signals  # noqa: PLC0415 (needs the models loaded)
        from .proposals import exports as proposal_exports  # noqa: PLC0415 (needs the models)
        from .proposals import signals  # noqa: PLC0415 (needs the models loaded)

        exports.register()
        proposal_exports.register()
        signals.connect()
        notify.connect()
        generation_signals.connect()

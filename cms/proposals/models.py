"""ProposalIndexPage: editors place and introduce it; it serves every proposal's page.

Proposals are ordinary Django models (dialogue.proposals), the same in every language; each
language's index page shows them all at `<index>/<id>-<slug>/`. The routes below hand each
request to a module of cms/proposals/views/.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from japanese.search import SEARCH_TERMS_FIELD, JapaneseSearchable

from ..reading.pages import PlainJapaneseMixin


class ProposalIndexPage(JapaneseSearchable, PlainJapaneseMixin, RoutablePageMixin, Page):
    intro = RichTextField(
        _("introduction"),
        blank=True,
        help_text=_("What proposals are for, and what happens to them."),
    )
    how_it_works = RichTextField(_("how it works"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("how_it_works")]
    search_fields = [*Page.search_fields, SEARCH_TERMS_FIELD, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    api_fields = [APIField("intro")]
    max_count_per_parent = 1
    template = "cms/proposals/proposal_index_page.html"

    per_page = 20

    class Meta:
        verbose_name = _("proposal index page")

    def get_context(self, request, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        match = getattr(request, "routable_resolver_match", None)
        if match is not None and match.url_name != "index_route":
            # The index's plain version belongs to the index; a proposal brings its own.
            context.pop("plain_version", None)
        return context

    # --- routes ------------------------------------------------------------------------------

    @path("")
    def index_route(self, request):
        from .views import browsing  # noqa: PLC0415

        return browsing.index(self, request)

    @path("feed/", name="feed")
    def feed_route(self, request):
        from .feeds import ProposalFeed  # noqa: PLC0415

        return ProposalFeed(self)(request)

    @path("mine/", name="mine")
    def mine_route(self, request):
        from .views import writing  # noqa: PLC0415

        return writing.mine(self, request)

    @path("new/", name="new")
    def new_route(self, request):
        from .views import writing  # noqa: PLC0415

        return writing.write(self, request)

    @path("from-message/<int:message_id>/", name="from_message")
    def from_message_route(self, request, message_id: int):
        from .views import writing  # noqa: PLC0415

        return writing.from_message(self, request, message_id)

    @path("<int:pk>/", name="short")
    def short_route(self, request, pk: int):
        from .views import browsing  # noqa: PLC0415

        return browsing.detail(self, request, pk, None)

    @path("<int:pk>-<str:slug>/", name="detail")
    def detail_route(self, request, pk: int, slug: str):
        from .views import browsing  # noqa: PLC0415

        return browsing.detail(self, request, pk, slug)

    @path("<int:pk>/<str:action>/", name="action")
    def action_route(self, request, pk: int, action: str):
        from .views import taking_part  # noqa: PLC0415

        return taking_part.proposal_action(self, request, pk, action)

    @path("comments/<int:pk>/<str:action>/", name="comment_action")
    def comment_route(self, request, pk: int, action: str):
        from .views import taking_part  # noqa: PLC0415

        return taking_part.comment_action(self, request, pk, action)

    # --- links -------------------------------------------------------------------------------

    def proposal_path(self, proposal, action: str = "", request=None) -> str:
        base = self.get_url(request) or ""
        if action:
            return f"{base}{proposal.pk}/{action}/"
        return f"{base}{proposal.pk}-{proposal.slug}/"

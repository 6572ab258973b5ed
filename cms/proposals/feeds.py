"""Atom feed of newly published proposals (public ones only, newest first)."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from dialogue.models.proposals import Proposal


class ProposalFeed(Feed):
    feed_type = Atom1Feed
    title = _("Co-creation proposals: new")
    subtitle = _("Proposals for our city, as they are published.")

    def __init__(self, index) -> None:
        super().__init__()
        self.index = index

    def link(self) -> str:
        return self.index.get_url() or "/"

    def items(self):
        return (
            Proposal.objects.public()
            .select_related("author", "as_org")
            .order_by("-published_at", "-pk")[:30]
        )

    def item_title(self, item: Proposal) -> str:
        return item.title

    def item_description(self, item: Proposal) -> str:
        return item.summary

    def item_link(self, item: Proposal) -> str:
        return self.index.proposal_path(item)

    def item_author_name(self, item: Proposal) -> str:
        return item.as_org.localized_name() if item.as_org_id else item.author.public_name

    def item_pubdate(self, item: Proposal):
        return item.published_at

    def item_updateddate(self, item: Proposal):
        return item.updated_at

"""Each organisation's own space in the page tree, editable by its own editors only."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Collection, Page
from wagtail.search import index

from japanese.search import SEARCH_TERMS_FIELD, JapaneseSearchable
from members.models import Membership, Organization

from ..reading.pages import PlainJapaneseMixin


class OrganizationIndexPage(JapaneseSearchable, PlainJapaneseMixin, Page):
    """A directory: member organisations, or residents' groups (one of each per language)."""

    class Section(models.TextChoices):
        ORGANIZATIONS = "organizations", _("Member organisations")
        RESIDENTS = "residents", _("Residents' groups")

    section = models.CharField(
        _("section"),
        max_length=20,
        choices=Section.choices,
        default=Section.ORGANIZATIONS,
        help_text=_("New organisations get their page in the directory of their kind."),
    )
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    settings_panels = [*Page.settings_panels, FieldPanel("section")]
    search_fields = [*Page.search_fields, SEARCH_TERMS_FIELD, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.OrganizationPage"]
    template = "cms/organizations/organization_index_page.html"

    class Meta:
        verbose_name = _("organisation directory")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["organization_pages"] = (
            OrganizationPage.objects.child_of(self)
            .live()
            .public()
            .select_related("organization", "logo")
            .order_by("title")
        )
        return context


class OrganizationPage(JapaneseSearchable, PlainJapaneseMixin, Page):
    """An organisation's own page. Its editors (and city staff) edit it and its sub-pages."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pages",
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    lead = models.CharField(_("lead"), max_length=255, blank=True)
    description = RichTextField(_("description"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    show_members = models.BooleanField(
        _("show members"),
        default=True,
        help_text=_("List the members who agreed to be listed on this page."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        FieldPanel("logo"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("address"),
                FieldPanel("website"),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("show_members"),
    ]
    settings_panels = [*Page.settings_panels, FieldPanel("organization", read_only=True)]
    search_fields = [
        *Page.search_fields,
        SEARCH_TERMS_FIELD,
        index.SearchField("lead"),
        index.SearchField("description"),
    ]
    parent_page_types = ["cms.OrganizationIndexPage"]
    subpage_types = ["cms.StandardPage"]
    template = "cms/organizations/organization_page.html"

    class Meta:
        verbose_name = _("organisation page")

    def listed_members(self) -> list[Membership]:
        if not self.show_members or self.organization_id is None:
            return []
        return list(
            Membership.objects.filter(
                organization_id=self.organization_id,
                status=Membership.Status.ACTIVE,
                is_listed=True,
                user__is_active=True,
            )
            .select_related("user")
            .order_by("user__name_reading", "user__display_name")
        )


class OrganizationSpace(models.Model):
    """What the site keeps for one organisation: its editors' group and image collection."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="space", verbose_name=_("organisation")
    )
    editors = models.OneToOneField(
        Group,
        on_delete=models.PROTECT,
        related_name="organization_space",
        verbose_name=_("editors"),
    )
    collection = models.ForeignKey(
        Collection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("image collection"),
    )

    class Meta:
        verbose_name = _("organisation space")
        verbose_name_plural = _("organisation spaces")

    def __str__(self) -> str:
        return str(self.organization)

"""Wagtail page models, one module per area, re-exported here."""

from .home import HomePage as HomePage
from .home import StandardPage as StandardPage
from .organizations import OrganizationIndexPage as OrganizationIndexPage
from .organizations import OrganizationPage as OrganizationPage
from .organizations import OrganizationSpace as OrganizationSpace

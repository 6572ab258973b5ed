"""Wagtail page models, one module per area, re-exported here."""

from .home import HomePage as HomePage
from .home import StandardPage as StandardPage

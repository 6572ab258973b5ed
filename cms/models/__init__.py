"""Wagtail page models, one module per area, re-exported here."""

from .home import HomePage as HomePage
from .home import StandardPage as StandardPage
from .home import TargetCounts as TargetCounts
from .organizations import OrganizationIndexPage as OrganizationIndexPage
from .organizations import OrganizationPage as OrganizationPage
from .organizations import OrganizationSpace as OrganizationSpace
from .pilots import Direction as Direction
from .pilots import Indicator as Indicator
from .pilots import IndicatorResult as IndicatorResult
from .pilots import IndicatorState as IndicatorState
from .pilots import Measurement as Measurement
from .pilots import PilotIndexPage as PilotIndexPage
from .pilots import PilotPage as PilotPage
from .pilots import PilotPartner as PilotPartner
from .pilots import PilotRelatedPage as PilotRelatedPage
from .pilots import PilotStatus as PilotStatus
from .pilots import PilotTheme as PilotTheme

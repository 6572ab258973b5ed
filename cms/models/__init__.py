"""The app's models, one package per area, re-exported here (app label `cms`)."""

from ..home.models import HomePage as HomePage
from ..home.models import StandardPage as StandardPage
from ..home.targets import TargetCounts as TargetCounts
from ..organizations.models import OrganizationIndexPage as OrganizationIndexPage
from ..organizations.models import OrganizationPage as OrganizationPage
from ..organizations.models import OrganizationSpace as OrganizationSpace
from ..pilots.choices import Direction as Direction
from ..pilots.choices import IndicatorState as IndicatorState
from ..pilots.choices import PilotStatus as PilotStatus
from ..pilots.indicators import Indicator as Indicator
from ..pilots.indicators import IndicatorResult as IndicatorResult
from ..pilots.indicators import Measurement as Measurement
from ..pilots.pages import PilotIndexPage as PilotIndexPage
from ..pilots.pages import PilotPage as PilotPage
from ..pilots.pages import PilotPartner as PilotPartner
from ..pilots.pages import PilotRelatedPage as PilotRelatedPage
from ..pilots.pages import PilotTheme as PilotTheme
from ..proposals.models import ProposalIndexPage as ProposalIndexPage
from ..reports.models import ReportDraft as ReportDraft
from ..reports.models import ReportIndexPage as ReportIndexPage
from ..reports.models import SessionReportPage as SessionReportPage

"""What the live-room browser tests import: the harness's site, and the demo password.

The room tests get a site of their own (module scope, tests/e2e/test_room_e2e.py) because
they stop and start its server and fill its rooms.
"""

from __future__ import annotations

from tests.support.servers import ROOT as ROOT
from tests.support.servers import Site as Site
from tests.support.servers import running_site as running_site

from .conftest import DEMO_PASSWORD as DEMO_PASSWORD

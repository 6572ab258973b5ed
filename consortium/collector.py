"""Python's cyclic garbage collector, kept off the objects that live as long as the process.

A collection of the oldest generation walks every object the collector tracks: about
230,000 once the site has served its first pages, 130-300 ms during which a Daphne process
answers nobody (docs/decisions.md). Modules, models, templates, URL patterns and
translations live as long as the process, so gc.freeze() moves them out of its reach: once
when the application is built, and once more after the first requests, which load the rest
lazily. Reference counting still frees everything else at once; cycles made later are
collected as before. A cycle still alive at a freeze is kept for good: that is what a
request in flight at that moment may leave, once per process.
"""

from __future__ import annotations

import gc

from django.core.signals import request_finished
from django.dispatch import Signal

WARM_UP_REQUESTS = 200


def freeze() -> None:
    """Collect what is garbage now, and move every surviving object out of later collections."""
    gc.collect()
    gc.freeze()


def freeze_now_and_after_warm_up(
    requests: int = WARM_UP_REQUESTS, finished: Signal = request_finished
) -> None:
    freeze()
    served = 0

    def count(**kwargs) -> None:
        nonlocal served
        served += 1
        if served == requests:
            finished.disconnect(count)
            freeze()

    finished.connect(count, weak=False)

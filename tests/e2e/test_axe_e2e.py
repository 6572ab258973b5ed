"""Every page type, in every reading mode, checked by axe-core for violations of any impact.

A mode is a language, signed in or out, and the reading aids: ordinary, or larger text
with furigana and plain Japanese (Japanese) or larger text alone (English, which has
neither). One browser context per mode walks every page type; each page's violations are
collected so that one run names every page that fails, not only the first.
"""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from .conftest import DEMO_PASSWORD
from .test_site_e2e import axe_violations

PUBLIC = [
    "/{lang}/",
    "/{lang}/organizations/",
    "/{lang}/pilots/",
    "/{lang}/proposals/",
    "/{lang}/dialogue/",
    "/{lang}/reports/",
    "/{lang}/dialogue/follow-ups/",
    "/{lang}/search/?q={query}",
    "/{lang}/accounts/login/",
    "/{lang}/no-such-page/",
]
# A detail page of each kind, found from its index the way a reader finds it.
DETAILS = {
    "/{lang}/organizations/": "/{lang}/organizations/",
    "/{lang}/pilots/": "/{lang}/pilots/",
    "/{lang}/proposals/": "/{lang}/proposals/",
    "/{lang}/dialogue/": "/{lang}/dialogue/sessions/",
    "/{lang}/reports/": "/{lang}/reports/",
}
SIGNED_IN = [
    "/{lang}/members/profile/",
    "/{lang}/dialogue/record/",
    "/{lang}/notifications/",
    "/{lang}/notifications/preferences/",
    "/{lang}/proposals/new/",
    "/{lang}/members/organizations/chamber-of-commerce/",
]
QUERY = {"ja": "観光", "en": "tourism"}

MODES = [
    pytest.param("ja", False, False, id="ja-anonymous"),
    pytest.param("ja", False, True, id="ja-anonymous-aids"),
    pytest.param("ja", True, False, id="ja-signed-in"),
    pytest.param("ja", True, True, id="ja-signed-in-aids"),
    pytest.param("en", False, False, id="en-anonymous"),
    pytest.param("en", False, True, id="en-anonymous-larger"),
    pytest.param("en", True, False, id="en-signed-in"),
    pytest.param("en", True, True, id="en-signed-in-larger"),
]


def first_detail(tab, prefix: str) -> str | None:
    """The first link in the main content that goes below `prefix` to one item."""
    hrefs = tab.eval_on_selector_all(
        "main a[href]", "links => links.map(a => a.getAttribute('href'))"
    )
    for href in hrefs:
        path = href.split("?")[0].split("#")[0]
        below = path.startswith(prefix) and path.rstrip("/").count("/") > prefix.count("/") - 1
        if below and not path.endswith(("/new/", "/feed/")) and "." not in path:
            return path
    return None


@pytest.mark.parametrize(("lang", "signed_in", "aids"), MODES)
def test_every_page_type_has_no_violation_of_any_impact(
    browser, site, lang, signed_in, aids
) -> None:
    context = browser.new_context(locale=f"{lang}-JP", viewport={"width": 1280, "height": 900})
    if aids:
        # Larger text is a saved choice read before the first paint; furigana is a cookie.
        context.add_init_script("localStorage.setItem('consortium.textSize', 'large')")
        if lang == "ja":
            host = site.url.split("://", 1)[1].split(":")[0]
            context.add_cookies(
                [
                    {"name": name, "value": "on", "domain": host, "path": "/"}
                    for name in ("furigana", "plain_japanese")
                ]
            )
    tab = context.new_page()
    try:
        if signed_in:
            tab.goto(f"{site.url}/{lang}/accounts/login/")
            tab.fill("input[name=login]", "chamber@example.jp")
            tab.fill("input[name=password]", DEMO_PASSWORD)
            with tab.expect_navigation():
                tab.locator("main form button[type=submit]").click()
            assert "/accounts/login/" not in tab.url, "the demo representative signs in"

        paths = [p.format(lang=lang, query=QUERY[lang]) for p in PUBLIC]
        if signed_in:
            paths += [p.format(lang=lang) for p in SIGNED_IN]
        failures: dict[str, list[dict]] = {}
        visited: list[str] = []

        def check(path: str) -> None:
            response = tab.goto(urljoin(site.url, path))
            assert response is not None
            if "no-such-page" not in path:
                assert response.status == 200, f"{path} answered {response.status}"
            visited.append(path)
            found = axe_violations(tab, impacts=None)
            if found:
                failures[path] = found

        for path in paths:
            check(path)
            index = next((i for i in DETAILS if i.format(lang=lang) == path), None)
            if index is not None:
                detail = first_detail(tab, DETAILS[index].format(lang=lang))
                assert detail, f"{path} links to no item"
                check(detail)
                if "/dialogue/sessions/" in detail:
                    room = first_detail(tab, f"/{lang}/dialogue/rooms/")
                    assert room, f"{detail} links to no room"
                    check(room)

        if aids and lang == "ja":
            tab.goto(f"{site.url}/ja/")
            assert tab.locator("main ruby").count() > 0, "furigana is on in this mode"
            current = tab.locator(".language-switcher [aria-current=true]").inner_text()
            assert current.startswith("やさしい日本語"), "plain Japanese is chosen in this mode"
        if aids:
            ratio = tab.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
            assert ratio > 16, "larger text is on in this mode"
        assert not failures, failures
        assert len(visited) >= len(paths) + len(DETAILS) + 1
    finally:
        context.close()

"""Every public page type, and the live room, under the site's Content-Security-Policy:
the browser reports no violation (securitypolicyviolation events and console errors)."""

from __future__ import annotations

import json

import pytest

from .conftest import sign_in

PAGES = """
import json
from wagtail.models import Page
from dialogue.models import DialogueSession, Room

urls = {}
for page in Page.objects.live().public().filter(depth__gt=1, locale__language_code="ja").specific():
    urls.setdefault(type(page).__name__, page.url)
session = DialogueSession.objects.filter(visibility="public").order_by("pk").first()
room = Room.objects.filter(visibility="public", session__isnull=False).order_by("pk").first()
urls["sessions"] = "/ja/dialogue/"
urls["session detail"] = f"/ja/dialogue/sessions/{session.pk}/"
urls["room"] = f"/ja/dialogue/rooms/{room.slug}/"
urls["sign-in"] = "/ja/accounts/login/"
urls["sign-up"] = "/ja/accounts/signup/"
print(json.dumps(urls))
"""

LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture(scope="module")
def public_urls(site) -> dict[str, str]:
    return json.loads(site.manage("shell", "-v0", "-c", PAGES).strip().splitlines()[-1])


def violations(tab, site, path: str) -> list[str]:
    console: list[str] = []
    tab.on(
        "console",
        lambda m: console.append(m.text) if "Content Security Policy" in m.text else None,
    )
    response = tab.goto(site.url + path)
    assert response is not None and response.status == 200, path
    policy = response.headers.get("content-security-policy", "")
    assert (
        "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src-attr")[0]
    )
    tab.wait_for_load_state("networkidle")
    return tab.evaluate("window.__csp") + console


def test_every_public_page_type_is_clean_for_visitors(page, site, public_urls) -> None:
    page.add_init_script(LISTEN)
    # The types the issue names must be among them.
    for kind in ("HomePage", "room", "session detail", "sessions", "sign-in"):
        assert kind in public_urls, public_urls
    assert len(public_urls) >= 9, public_urls
    found = {kind: violations(page, site, path) for kind, path in public_urls.items()}
    assert {kind: v for kind, v in found.items() if v} == {}


def test_signed_in_pages_and_a_live_room_are_clean(page, site, public_urls) -> None:
    page.add_init_script(LISTEN)
    sign_in(page, site, "chamber@example.jp")
    paths = {
        **public_urls,
        "profile": "/ja/members/profile/",
        "organisation members": "/ja/members/organizations/chamber-of-commerce/",
        "organisation log": "/ja/members/organizations/chamber-of-commerce/log/",
    }
    found = {kind: violations(page, site, path) for kind, path in paths.items()}
    assert {kind: v for kind, v in found.items() if v} == {}
    # The room works under the policy: its script connects and a message goes round.
    page.goto(site.url + public_urls["room"])
    composer = page.locator("#room-composer-body, textarea").first
    composer.fill("CSP の確認です")
    composer.press("Control+Enter")
    page.get_by_text("CSP の確認です").first.wait_for()
    assert page.evaluate("window.__csp") == []


TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
WITH_TOTP = f"""
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from members.models import User
user = User.objects.get(email="admin@example.jp")
if not Authenticator.objects.filter(user=user, type="totp").exists():
    TOTP.activate(user, "{TOTP_SECRET}")
"""


def test_the_admin_gets_its_own_policy_and_still_works(page, site) -> None:
    import pyotp

    site.manage("shell", "-v0", "-c", WITH_TOTP)
    page.add_init_script(LISTEN)
    sign_in(page, site, "admin@example.jp")
    page.fill("input[name=code]", pyotp.TOTP(TOTP_SECRET).now())
    # Wait for the answer to the code, not any loaded page: going to /admin/ before it
    # arrives aborts the sign-in, and the admin then answers with the sign-in page.
    with page.expect_navigation():
        page.get_by_role("button", name="ログイン").click()
    assert "/accounts/" not in page.url, page.url
    response = page.goto(site.url + "/admin/")
    assert response.status == 200, response.url
    policy = response.headers.get("content-security-policy", "")
    assert "'unsafe-eval'" in policy and "https:" not in policy
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__csp") == []
    # The pages explorer and the audit log work under it.
    for path in ("/admin/pages/", "/admin/audit_log/"):
        assert page.goto(site.url + path).status == 200
        page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__csp") == []

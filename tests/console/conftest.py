"""The console in a real browser: Debian's chromium driven by Playwright, on a whole local stack.

The stack runs the four services, both sandboxes and the console as processes (the devstack starts
the console like any other service). Every page a test opens is watched: an error in the browser
console or an uncaught script error fails the test that caused it.
"""

import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from jembatan.devstack.pytest_plugin import start_stack
from jembatan.devstack.services import SERVICES

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
STORE_DAY = date(2026, 11, 25)  # the iSeller simulator's day; its outlets are known from (seed 1, this day)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "images"


def _browser_or_skip() -> None:
    if Path(CHROMIUM).exists() and shutil.which(CHROMIUM):
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing on CI: run scripts/install-browser.sh first")
    pytest.skip(f"{CHROMIUM} is not installed (run scripts/install-browser.sh); browser tests skipped")


@pytest.fixture(scope="module")
async def stack(tmp_path_factory, postgres_url, unique_name):
    _browser_or_skip()
    async with start_stack(
        tmp_path_factory.mktemp("console-stack"),
        services=[*SERVICES, "console"],
        iseller=True,
        iseller_date=STORE_DAY.isoformat(),
        database_url=postgres_url,
        schema_prefix=unique_name("console"),
    ) as running:
        yield running


@pytest.fixture(scope="module")
async def browser(stack):
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        await launched.close()


class WatchedPages:
    """Pages with their browser-console errors recorded."""

    def __init__(self, context, base_url: str) -> None:
        self.context, self.base_url, self.errors = context, base_url, []
        self.expected: list[str] = []

    def expect_error(self, text: str) -> None:
        """This test provokes an error whose console line contains `text` (e.g. a refused POST)."""
        self.expected.append(text)

    def unexpected_errors(self) -> list[str]:
        return [e for e in self.errors if not any(text in e for text in self.expected)]

    async def new(self):
        page = await self.context.new_page()
        page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        return page


@pytest.fixture
async def pages(browser, stack):
    """A fresh browser context (no cookies) per test; no browser-console error may happen in it."""
    context = await browser.new_context(base_url=stack.urls["console"], viewport={"width": 1280, "height": 900})
    watched = WatchedPages(context, stack.urls["console"])
    yield watched
    await context.close()
    assert watched.unexpected_errors() == [], "errors in the browser console"


async def sign_in(page, token: str) -> None:
    await page.goto("/signin")
    await page.get_by_label("Operator token").fill(token)
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_url("**/tenants")


async def shoot(page, name: str) -> None:
    """Write docs/images/console-<name>.png (the README and docs/console.md show them)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / f"console-{name}.png"), full_page=True)

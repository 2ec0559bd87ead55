"""Browser tests: Debian's chromium, driven by Playwright, against a real `corridors serve`.

The server runs as a subprocess on a free loopback port with its own SQLite file; the first
organization is bootstrapped with `corridors admin bootstrap` to get an API key. Every page
runs with the network cut off: any request that does not go to the loopback server is blocked
and recorded, and the test fails if there was one.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from web_support import Server, corridors_command, start_server, stop_server

CHROMIUM = os.environ.get("CORRIDORS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("web-server")
    db = tmp / "corridors.db"
    env = {**os.environ, "CORRIDORS_DATABASE_URL": f"sqlite:///{db}", "CORRIDORS_JSON_LOGS": "1"}
    org_name = "Almaty Forwarding LLP"
    boot = subprocess.run(
        [
            *corridors_command(),
            "admin",
            "bootstrap",
            "--name",
            org_name,
            "--kind",
            "forwarder",
            "--json",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    key = json.loads(boot.stdout)["api_key"]["key"]
    proc, url = start_server(env, tmp / "server.log")
    yield Server(url, key, org_name, db)
    stop_server(proc)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        message = f"chromium not found at {CHROMIUM} (Debian package 'chromium')"
        if os.environ.get("CORRIDORS_REQUIRE_BROWSER") == "1":
            pytest.fail(message + "; CORRIDORS_REQUIRE_BROWSER=1 makes this a failure")
        pytest.skip(message)
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@dataclass
class Outside:
    """Requests that tried to leave the machine (they are aborted)."""

    urls: list[str] = field(default_factory=list)


def _guard(context: object, outside: Outside) -> None:
    def handle(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob") or parts.hostname in LOCAL_HOSTS:
            route.continue_()  # type: ignore[attr-defined]
        else:
            outside.urls.append(url)
            route.abort()  # type: ignore[attr-defined]

    context.route("**/*", handle)  # type: ignore[attr-defined]


@pytest.fixture
def open_page(browser: object, server: Server) -> Iterator[object]:
    """``open_page(path, width=1280, height=900, signed_in=False, lang=None)`` -> a Page."""
    contexts = []
    outside = Outside()
    errors: list[str] = []

    def make(
        path: str = "/",
        *,
        width: int = 1280,
        height: int = 900,
        signed_in: bool = False,
        lang: str | None = None,
    ) -> object:
        context = browser.new_context(  # type: ignore[attr-defined]
            viewport={"width": width, "height": height},
            locale=lang or "en-GB",
            timezone_id="Asia/Almaty",
        )
        _guard(context, outside)
        if signed_in:
            org = json.dumps({"name": server.org_name})
            context.add_init_script(
                f"sessionStorage.setItem('corridors.apiKey', {json.dumps(server.key)});"
                f"sessionStorage.setItem('corridors.org', {json.dumps(org)});"
            )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(server.url + path)
        return page

    yield make
    for c in contexts:
        c.close()
    assert outside.urls == [], f"requests left the machine: {outside.urls}"
    assert errors == [], f"script errors on the page: {errors}"

"""Helpers shared by the web tests: the running server's coordinates and screenshots."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import httpx

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@dataclass
class Server:
    url: str
    key: str
    org_name: str
    database: Path

    def api(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.url, headers={"Authorization": f"Bearer {self.key}"}, timeout=60
        )


def shot(page: object, name: str, *, full_page: bool = False) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)  # type: ignore[attr-defined]
    return path

"""The web face: server-rendered pages, a tile-free Leaflet map and plotly charts, in English and
Russian. Everything it loads comes from this package, xstatic-leaflet or plotly's bundled
plotly.js, so the pages work with no network beyond the server itself.

``mount_web(app)`` adds the pages and the static files to the platform's FastAPI app.
"""

from __future__ import annotations

from pathlib import Path

import plotly
import xstatic.pkg.leaflet
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from corridors.web.pages import router

__all__ = ["mount_web", "router"]

STATIC = Path(__file__).parent / "static"
LEAFLET = Path(xstatic.pkg.leaflet.BASE_DIR)
PLOTLY = Path(plotly.__file__).parent / "package_data"


def mount_web(app: FastAPI) -> FastAPI:
    """Add the pages and their assets (``/static/web``, ``/static/vendor/...``) to ``app``."""
    app.include_router(router)
    app.mount("/static/web", StaticFiles(directory=STATIC), name="web-static")
    app.mount("/static/vendor/leaflet", StaticFiles(directory=LEAFLET), name="leaflet")
    app.mount("/static/vendor/plotly", StaticFiles(directory=PLOTLY), name="plotly")
    return app

"""Refresh the web UI's message catalogs: extract the texts, then merge them into each ``.po``.

Run from the repository root: ``.venv/bin/python scripts/update_translations.py``. New texts
appear untranslated in ``src/corridors/web/locales/<lang>/LC_MESSAGES/messages.po``; translate
them there. The server compiles the ``.po`` files when it starts (see docs/web.md).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "src" / "corridors" / "web" / "locales"
POT = LOCALES / "messages.pot"


def main() -> None:
    pybabel = [sys.executable, "-m", "babel.messages.frontend"]
    subprocess.run(
        [
            *pybabel,
            "extract",
            "-F",
            "babel.cfg",
            "--no-location",
            "--sort-output",
            "--omit-header",
            "-o",
            str(POT),
            ".",
        ],
        cwd=ROOT,
        check=True,
    )
    for po in sorted(LOCALES.glob("*/LC_MESSAGES/messages.po")):
        lang = po.parent.parent.name
        subprocess.run(
            [
                *pybabel,
                "update",
                "-i",
                str(POT),
                "-d",
                str(LOCALES),
                "-l",
                lang,
                "--no-fuzzy-matching",
                "--ignore-obsolete",
            ],
            cwd=ROOT,
            check=True,
        )


if __name__ == "__main__":
    main()

"""Shared fixtures and the Hypothesis profiles.

Local runs draw new random examples every time, which is how the property tests keep finding
cases nobody thought of; a case that fails is then pinned as a plain test. CI
(``CORRIDORS_HYPOTHESIS_PROFILE=ci``, set by ``.ci/run``) draws the same examples on every run,
so whether a change lands does not depend on the luck of the draw.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("CORRIDORS_HYPOTHESIS_PROFILE", "default"))

"""Test-wide settings."""

from __future__ import annotations

import os

from hypothesis import settings

# CI runs the same examples every time (a red build always reproduces) and without
# per-example deadlines (a loaded machine is not a failing test). Locally, the
# default profile keeps exploring new examples on every run.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

"""The settings the benchmark serves the app with: the app's own (production, as bench/run.py's
environment says), and a URLconf that adds the baseline page. Nothing else reads this module, so
no deployment can serve the baseline."""

from norec.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

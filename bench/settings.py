"""Benchmark settings: the production settings plus one bare Django view (``/bare/``) to measure against."""

from kzpress.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

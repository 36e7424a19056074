"""Dates in the reader's language: a Jinja filter `localdate` for templates.

The footer says when the outputs were produced (overrides/partials/copyright.html). The engine
gives the date as ISO 8601; `{{ date | localdate(config.theme.language) }}` writes it as the
page's language does, with Babel (a dependency of Material): 26 novembre 2026, 2026年11月26日,
26. November 2026, November 26, 2026.
"""

from __future__ import annotations

import datetime

from babel.dates import format_date


def localdate(iso: str, language: str) -> str:
    return format_date(datetime.date.fromisoformat(iso), format="long", locale=language or "en")


def on_env(env, config, files):
    env.filters["localdate"] = localdate
    return env

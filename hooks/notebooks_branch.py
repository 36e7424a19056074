"""The branch Colab opens the lessons' notebooks from, read from the Pages workflow that publishes it.

Colab opens notebooks from GitHub, not from the Pages site. The deploy job of .github/workflows/pages.yml
force-pushes every built notebook (site/**/*.ipynb, at its path in the site) to the branch named by its
NOTEBOOKS_BRANCH variable. This hook gives that name to the templates as `config.extra.notebooks_branch`, so
the "Open in Colab" link (overrides/partials/lesson-actions.html) and the branch the workflow writes come
from one place. A site without that workflow publishes no notebook: no branch, no Colab link.
"""

from __future__ import annotations

from pathlib import Path

import yaml


def notebooks_branch(config_file: str) -> str | None:
    workflow = Path(config_file).parent / ".github" / "workflows" / "pages.yml"
    if not workflow.is_file():
        return None
    return (yaml.safe_load(workflow.read_text(encoding="utf-8")).get("env") or {}).get("NOTEBOOKS_BRANCH")


def on_config(config):
    config.extra["notebooks_branch"] = notebooks_branch(config.config_file_path)
    return config

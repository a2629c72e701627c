"""Where the planner finds the files it ships with: the pathway files, the demo teams and the
DfE SEN2 figures the synthetic areas are sized from. Every module asks here; none works out a
path of its own.

The files live in a checkout (`pathways/`, `data/`). `pip install .` (not editable) also copies
them, as data files, to `<prefix>/share/transition-planner/`; the installed package finds them
there through its own install record, wherever the prefix is. Two settings override:
- PLANNER_HOME: a folder holding `pathways/` and `data/` (an area's own copy);
- PLANNER_PATHWAYS: the folder of pathway files alone (the teams and SEN2 files stay).
"""

from __future__ import annotations

import os
from importlib import metadata
from pathlib import Path

DISTRIBUTION = "transition-planner"
SHARE = ("share", DISTRIBUTION)  # where a wheel puts the data files, under its prefix
ROOT = Path(__file__).resolve().parent.parent  # the checkout (or the site-packages folder when installed)


def installed_home() -> Path | None:
    """The `share/transition-planner` folder of the installed distribution, if it has one."""
    try:
        files = metadata.distribution(DISTRIBUTION).files or []
    except metadata.PackageNotFoundError:
        return None
    for f in files:
        parts = Path(f).parts
        for i in range(len(parts) - 1):
            if parts[i:i + 2] == SHARE:
                located = Path(metadata.distribution(DISTRIBUTION).locate_file(f)).resolve()
                return located.parents[len(parts) - i - 3]
    return None


def home() -> Path:
    """The folder holding `pathways/` and `data/`: PLANNER_HOME, else the checkout this code runs
    from, else the installed data files."""
    if os.environ.get("PLANNER_HOME"):
        return Path(os.environ["PLANNER_HOME"])
    if (ROOT / "pathways").is_dir():
        return ROOT
    return installed_home() or ROOT


HOME = home()
PATHWAYS_DIR = Path(os.environ["PLANNER_PATHWAYS"]) if os.environ.get("PLANNER_PATHWAYS") else HOME / "pathways"
TEAMS_FILE = HOME / "data" / "teams.yaml"
SEN2_CSV = HOME / "data" / "sen2-2025-la-ehcp-age14-25.csv"
LOCAL_OFFER = {"eastshire": HOME / "data" / "local-offer" / "eastshire.json"}  # synthetic ORUK feeds

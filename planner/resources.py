"""Where the planner finds the files it ships with: the pathway files, the demo teams and the
DfE SEN2 figures the synthetic areas are sized from. Every module asks here; none works out a
path of its own."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATHWAYS_DIR = ROOT / "pathways"
TEAMS_FILE = ROOT / "data" / "teams.yaml"
SEN2_CSV = ROOT / "data" / "sen2-2025-la-ehcp-age14-25.csv"
LOCAL_OFFER = {"eastshire": ROOT / "data" / "local-offer" / "eastshire.json"}  # synthetic ORUK feeds

"""The synthetic areas' shapes: the B2 age, need, setting and ethnicity tables of
figures-and-cohort.md, each area's parameters (`AreaSpec`), and England's 153 fictional areas
sized from the DfE SEN2 2025 figures."""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from planner.resources import SEN2_CSV

SNAPSHOT = dt.date(2026, 1, 15)  # the January 2026 school census
STAMP = "2026-01-15T09:00:00"  # every generated row's updated_at, so a rebuild is identical
AREAS = ("westmere", "eastshire", "england")
DEMO_PASSWORD = "transition-demo"  # synthetic demo accounts only; documented in the README

# B2 age table (Eastshire counts of the 5,400 with EHC plans), ages 14..25.
AGE_SHARES = {14: 18.3, 15: 17.5, 16: 16.3, 17: 14.2, 18: 11.1, 19: 8.1, 20: 5.6, 21: 3.8, 22: 2.4,
              23: 1.6, 24: 0.9, 25: 0.1}
EASTSHIRE_AGES = {14: 990, 15: 943, 16: 882, 17: 766, 18: 601, 19: 437, 20: 304, 21: 206, 22: 131,
                  23: 85, 24: 47, 25: 8}
WESTMERE_AGES = {14: 28, 15: 26, 16: 24, 17: 21, 18: 17, 19: 13, 20: 8, 21: 6, 22: 4, 23: 2, 24: 1, 25: 0}
# B2 primary need counts by band (14-15, 16-19, 20-25), by SEN2 2025 code; "Not recorded" is a
# B2 category, not a code: those people are stored with no need (NEED_CODE).
NEED_BANDS = {
    "ASD": (594, 814, 238), "SEMH": (558, 743, 135), "MLD": (232, 340, 132), "SLCN": (246, 310, 99),
    "SLD": (80, 137, 64), "PD": (69, 118, 42), "SPLD": (54, 68, 19), "HI": (25, 41, 14),
    "PMLD": (21, 36, 13), "OTH": (23, 30, 9), "VI": (16, 27, 8), "Not recorded": (12, 18, 5),
    "MSI": (4, 6, 2),
}
NEED_CODE = {k: (None if k == "Not recorded" else k) for k in NEED_BANDS}
SECONDARY = {"ASD": "SEMH", "SEMH": "ASD", "MLD": "SLCN", "SLCN": "MLD", "SLD": "PD", "PD": "SLD"}
ETHNICITY = {"White British": 80, "Any other White background": 4, "Mixed": 5, "Asian": 3, "Black": 2,
             "Any other ethnic group": 1, "Unclassified": 5}
# A4 settings by age band (14-15, 16-17, 18-19, 20-25), percent.
SETTINGS = {
    "Mainstream school": (45.0, 9.6, 2.8, 0.8),
    "State special school": (33.3, 19.2, 10.7, 1.4),
    "Independent special school": (10.4, 4.4, 2.4, 1.0),
    "Alternative provision": (2.3, 0.5, 0.2, 0.1),
    "FE college": (0.2, 39.8, 44.7, 47.1),
    "Specialist post-16 institution": (0.0, 2.8, 6.6, 11.3),
    "Other training provider": (0.1, 3.8, 4.6, 5.4),
    "EOTAS": (2.7, 4.3, 3.9, 4.4),
    "Elective home education": (2.0, 0.8, 0.4, 0.2),
    "NEET": (1.0, 8.2, 16.4, 20.9),
    "Not recorded": (3.0, 6.6, 7.5, 7.3),
}

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class AreaSpec:
    """One synthetic local area: how many people of each age and its own parameters."""

    id: str
    name: str
    ehc_ages: dict[int, int]
    sen_support: int = 0  # aged 14-19 without a plan (B2)
    asc_without_plan: int = 0  # 18-24 adult social care clients without a plan (B2)
    rate_20wk: float = 0.46  # share of new plans issued within 20 weeks
    asd_tilt: float = 1.0  # need mix: >1 ASD-heavy (Kent-like), <1 SEMH-heavy (Norfolk-like)
    capacity_scale: float = 1.0  # team capacities relative to Eastshire (B3)


def westmere() -> list[AreaSpec]:
    return [AreaSpec("westmere", "Westmere", WESTMERE_AGES, rate_20wk=0.78, capacity_scale=150 / 5400)]


def eastshire() -> list[AreaSpec]:
    return [AreaSpec("eastshire", "Eastshire", EASTSHIRE_AGES, sen_support=5000, asc_without_plan=450)]


def england(csv_path: Path = SEN2_CSV, seed: int = 1) -> list[AreaSpec]:
    """153 fictional areas sized from the SEN2 bands of each real one (names never kept)."""
    rng = random.Random(f"england-params-{seed}")
    specs = []
    with open(csv_path, encoding="utf-8") as f:
        for i, row in enumerate(csv.DictReader(f), start=1):
            bands = {(14, 15): int(row["age14_15"]), (16, 19): int(row["age16_19"]), (20, 25): int(row["age20_25"])}
            specs.append(AreaSpec(
                id=f"area{i:03d}", name=f"Synthetic area {i}", ehc_ages=_split_bands(bands),
                rate_20wk=_percent(row["pct_new_plans_20wk_2024_ex_exceptions"], 46.4) / 100,
                asd_tilt=rng.uniform(0.75, 1.3), capacity_scale=int(row["age14_25"]) / 5400))
    return specs


def _percent(text: str, default: float) -> float:
    """A published percentage, or the national figure where it is suppressed ('x') or blank."""
    try:
        return float(text)
    except (TypeError, ValueError):
        return default


def _split_bands(bands: dict[tuple[int, int], int]) -> dict[int, int]:
    """Band totals shared out over single years by the national shares (largest remainder)."""
    out = {}
    for (lo, hi), total in bands.items():
        ages = range(lo, hi + 1)
        weight = sum(AGE_SHARES[a] for a in ages)
        raw = {a: total * AGE_SHARES[a] / weight for a in ages}
        counts = {a: int(v) for a, v in raw.items()}
        for a in sorted(ages, key=lambda a: raw[a] - counts[a], reverse=True)[: total - sum(counts.values())]:
            counts[a] += 1
        out.update(counts)
    return out


def specs_for(area: str, seed: int = 1) -> list[AreaSpec]:
    if area == "westmere":
        return westmere()
    if area == "eastshire":
        return eastshire()
    if area == "england":
        return england(seed=seed)
    raise ValueError(f"unknown area {area!r}; choose one of {', '.join(AREAS)}")

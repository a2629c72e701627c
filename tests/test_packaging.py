"""The packaged install works: a wheel built from this checkout, installed (not editable) into a
new prefix and imported from outside the checkout, finds the pathway files, the teams file and
the SEN2 figures it ships with, and PLANNER_HOME / PLANNER_PATHWAYS point it elsewhere."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

CHECK = """
import json, planner
from planner import pathways, resources
from planner.demo import spec
p = pathways.load()
print(json.dumps({"package": planner.__file__, "home": str(resources.HOME), "pathways": str(resources.PATHWAYS_DIR),
                  "services": len(p.services), "teams": len(p.teams), "review_team": p.annual_review_team,
                  "westmere": sum(sum(s.ehc_ages.values()) for s in spec.specs_for("westmere", 1))}))
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict]:
    """(python, environment) of a new virtual environment with the wheel installed in it (not
    editable, no dependencies: a .pth file after its own site-packages lends it this
    environment's). This environment's own install is never touched."""
    tmp = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                    "-w", str(tmp / "dist"), str(ROOT)], check=True, cwd=tmp)
    (wheel,) = (tmp / "dist").glob("transition_planner-*.whl")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp / "venv")], check=True)
    python = tmp / "venv" / "bin" / "python"
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "lend-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-compile",
                    "--quiet", str(wheel)], check=True, cwd=tmp)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLANNER_", "PYTHON"))}
    return python, env


def run(installed: tuple[Path, dict], cwd: Path, **env: str) -> dict:
    python, base = installed
    out = subprocess.run([python, "-c", CHECK], env={**base, **env}, cwd=cwd, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_the_installed_package_finds_its_files(installed, tmp_path):
    prefix = installed[0].parents[1]  # the new environment
    got = run(installed, tmp_path)  # outside the checkout
    share = (prefix / "share" / "transition-planner").resolve()
    assert Path(got["package"]).resolve().is_relative_to(prefix.resolve()), got  # not the checkout's copy
    assert Path(got["home"]) == share and Path(got["pathways"]) == share / "pathways"
    assert got["services"] > 40 and got["teams"] > 20 and got["review_team"] == "send_team"
    assert got["westmere"] == 150  # sized from the SEN2 figures


def test_planner_home_and_planner_pathways_point_elsewhere(installed, tmp_path):
    home = tmp_path / "area"
    shutil.copytree(ROOT / "pathways", home / "pathways")
    shutil.copytree(ROOT / "data", home / "data", ignore=shutil.ignore_patterns("samples", "*.db*"))
    got = run(installed, tmp_path, PLANNER_HOME=str(home))
    assert Path(got["home"]) == home and Path(got["pathways"]) == home / "pathways"
    only = tmp_path / "pathways-only"
    shutil.copytree(ROOT / "pathways", only)
    (only / "money.yaml").unlink()
    got = run(installed, tmp_path, PLANNER_PATHWAYS=str(only))
    assert Path(got["pathways"]) == only and got["services"] < run(installed, tmp_path)["services"]

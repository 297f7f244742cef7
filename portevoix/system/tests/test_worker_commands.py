"""`portevoix worker` and `portevoix beat` hand over to Celery with this project's app."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize("command", ["worker", "beat"])
def test_it_runs_celery_for_this_project(command: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "portevoix.cli", command, "--help"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert f"celery {command} [OPTIONS]" in result.stdout

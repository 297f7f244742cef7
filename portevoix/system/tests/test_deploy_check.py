"""Production settings pass Django's deployment checks with no warning at all."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet


def run_check(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("PORTEVOIX_", "DATABASE_URL"))
    }
    environment.update(PORTEVOIX_VAR_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-m", "portevoix.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_passes_the_deployment_checks_in_production(tmp_path: Path) -> None:
    result = run_check(
        tmp_path,
        PORTEVOIX_ENV="production",
        PORTEVOIX_SECRET_KEY=secrets.token_urlsafe(50),
        PORTEVOIX_TOKEN_KEYS=Fernet.generate_key().decode(),
        PORTEVOIX_ALLOWED_HOSTS="social.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_in_production_without_token_keys(tmp_path: Path) -> None:
    result = run_check(
        tmp_path, PORTEVOIX_ENV="production", PORTEVOIX_SECRET_KEY=secrets.token_urlsafe(50)
    )
    assert result.returncode != 0
    assert "PORTEVOIX_TOKEN_KEYS must be set" in result.stderr


def test_it_refuses_to_start_in_production_without_a_secret_key(tmp_path: Path) -> None:
    result = run_check(tmp_path, PORTEVOIX_ENV="production")
    assert result.returncode != 0
    assert "PORTEVOIX_SECRET_KEY must be set" in result.stderr


def test_it_keeps_development_secrets_out_of_the_repository(tmp_path: Path) -> None:
    result = run_check(tmp_path)
    assert (tmp_path / "secret_key").exists()
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"
    assert result.returncode != 0  # development settings are not fit to deploy, and say so

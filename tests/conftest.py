from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

# no timings in tests: these machines are shared and noisy, and a slow example is not a failure
settings.register_profile("loosen", deadline=None)
settings.load_profile("loosen")


@dataclass
class Result:
    code: int
    out: str
    err: str


@dataclass
class Home:
    """An isolated loosen home: config and data folders of its own."""

    config: Path
    data: Path

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("LOOSEN_")}
        env.update(
            LOOSEN_CONFIG_DIR=str(self.config),
            LOOSEN_DATA_DIR=str(self.data),
            LOOSEN_PLAYER_VOICE="false",
            COLUMNS="100",
            TZ="UTC",
        )
        return env

    def run(
        self, *args: str, input: str | None = None, env: dict[str, str] | None = None
    ) -> Result:
        proc = subprocess.run(
            [sys.executable, "-m", "loosen", *args],
            capture_output=True,
            text=True,
            input=input,
            env={**self.env, **(env or {})},
            timeout=60,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def home(tmp_path: Path) -> Home:
    return Home(tmp_path / "config", tmp_path / "data")

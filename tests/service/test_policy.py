"""Settings become the break policy the coach uses."""

from datetime import timedelta

from loosen.config import load_settings
from loosen.service.app import policy_from


def test_the_deferral_ceiling_comes_from_the_settings(tmp_path):
    path = tmp_path / "settings.toml"
    assert policy_from(load_settings(path, {})).defer_ceiling == timedelta(minutes=30)
    path.write_text("[breaks]\ndefer_ceiling_minutes = 0\n")
    assert policy_from(load_settings(path, {})).defer_ceiling is None  # wait for the block's end
    path.write_text("[breaks]\ndefer_ceiling_minutes = 45\n")
    assert policy_from(load_settings(path, {})).defer_ceiling == timedelta(minutes=45)

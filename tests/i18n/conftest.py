from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from loosen import i18n
from tests.i18n import pseudo


@pytest.fixture(scope="session")
def pseudo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A locale folder with the pseudo-locales ``xa`` and ``xc`` (see pseudo.py)."""
    root = tmp_path_factory.mktemp("locale")
    pseudo.make(root, "xa")
    pseudo.make(root, "xc")
    return root


@pytest.fixture
def speak_xa(pseudo_dir: Path) -> Iterator[None]:
    """This process speaks the pseudo-locale ``xa`` for one test."""
    assert i18n.activate("xa", pseudo_dir) == "xa"
    try:
        yield
    finally:
        i18n.activate("en")
        i18n.set_formats(None)

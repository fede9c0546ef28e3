"""What the pystray child hands to pystray: the same pictures as the D-Bus tray's pixmaps, as PIL
images; a tooltip Windows can hold."""

from __future__ import annotations

import pytest

from loosen.adapters.tray.icon import pixmaps
from loosen.pystray_child import build

PICTURES = [("sitting", 0.0), ("sitting", 0.625), ("due", 0.0), ("busy", 0.0), ("paused", 0.0)]


@pytest.mark.parametrize(("state", "fill"), [*PICTURES, ("unseen", 0.0)])
def test_the_picture_is_the_d_bus_trays_largest_pixmap(state, fill):
    width, height, argb = pixmaps(state, fill)[-1]
    image = build.picture(state, fill)
    assert (image.mode, image.size) == ("RGBA", (width, height))
    rgba = image.tobytes()
    # ARGB (the pixmap) and RGBA (the image) hold the same pixels
    assert rgba[3::4] == argb[0::4]
    assert rgba[0::4] == argb[1::4] and rgba[1::4] == argb[2::4] and rgba[2::4] == argb[3::4]


def test_without_transparency_it_is_on_black_with_clean_edges():
    """pystray's xorg backend drops the alpha channel: the child puts the picture on black."""
    image = build.picture("due", 0.0, opaque=True)
    assert image.mode == "RGB"
    assert image.getpixel((0, 0)) == (0, 0, 0)  # a corner, outside the disc
    assert image.getpixel((24, 5)) == (239, 108, 0)  # the orange disc
    assert image.getpixel((24, 24)) == (255, 255, 255)  # the white arrow
    # an edge pixel is orange faded into black, never brighter than orange
    edge = [image.getpixel((x, 24)) for x in range(0, 6)]
    assert all(r <= 239 and g <= 108 and b == 0 for r, g, b in edge)


def test_an_unknown_picture_from_a_newer_service_is_the_sitting_one():
    assert build.state("stretching") == "sitting" and build.state("due") == "due"


def test_the_tooltip_fits_windows_128_characters():
    assert build.tooltip("Sitting for 42 min · next break 15:10", "") == (
        "Sitting for 42 min · next break 15:10"
    )
    long = build.tooltip("Sitting for 42 min · next break 15:10", "In " + "x" * 200)
    assert len(long) == build.TOOLTIP_MAX and long.endswith("…")
    assert long.startswith("Sitting for 42 min · next break 15:10\nIn xxx")

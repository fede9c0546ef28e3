"""`loosen routines import FILE [--replace]`: the checks of `validate`, then into the folder."""

from __future__ import annotations

from tests.cli.test_routine_files import GOOD, write


def test_a_good_file_is_copied_into_the_routines_folder(home, tmp_path):
    f = write(tmp_path, GOOD, "my-hips.toml")
    r = home.run("routines", "import", str(f))
    saved = home.config / "routines" / "my-hips.toml"
    assert (r.code, r.err) == (0, "")
    assert r.out == (
        f"Imported my-hips: My hips, 2 moves, 1:35, saved as {saved}.\n"
        "Start it with `loosen stretch my-hips`.\n"
    )
    assert saved.read_bytes() == f.read_bytes()
    listed = home.run("routines").out.splitlines()
    assert any(line.split()[:2] == ["my-hips", "1:35"] and "yours" in line for line in listed)


def test_a_file_with_problems_is_not_imported(home, tmp_path):
    f = write(tmp_path, GOOD.replace("seconds = 25", "seconds = -5"), "My Hips.toml")
    r = home.run("routines", "import", str(f))
    assert r.code == 1 and r.out == ""
    assert r.err.splitlines() == [
        f"{f}: 2 problems; nothing was imported:",
        f'  {f}: The file name "My Hips.toml" cannot be a routine\'s id; use lowercase letters, '
        'digits and hyphens, like "my-hips.toml".',
        f"  {f}: moves[0].seconds: Found -5; expected a number greater than 0 and at most 600.",
    ]
    assert not (home.config / "routines").exists()


def test_a_built_in_name_is_refused_even_with_replace(home, tmp_path):
    f = write(tmp_path, GOOD, "glutes.toml")
    r = home.run("routines", "import", "--replace", str(f))
    assert r.code == 1
    assert r.err.splitlines()[1] == (
        f'  {f}: A built-in routine is called "glutes"; rename the file (for example '
        '"my-glutes.toml") to import it beside the built-in one.'
    )
    assert not (home.config / "routines").exists()


def test_an_existing_routine_needs_replace(home, tmp_path):
    f = write(tmp_path, GOOD)
    assert home.run("routines", "import", str(f)).code == 0
    saved = home.config / "routines" / "mine.toml"
    f.write_text(GOOD.replace('name = "My hips"', 'name = "Hips, again"'))
    r = home.run("routines", "import", str(f))
    assert (r.code, r.out) == (1, "")
    assert r.err == (
        f'loosen: You already have a routine called "mine" ({saved}); import with --replace to '
        "overwrite it, or rename the file.\n"
    )
    assert "My hips" in saved.read_text()
    r = home.run("routines", "import", "--replace", str(f))
    assert r.code == 0, r.err
    assert r.out.startswith("Replaced mine: Hips, again, 2 moves, 1:35")
    assert "Hips, again" in saved.read_text()


def test_a_missing_file_is_one_sentence(home, tmp_path):
    r = home.run("routines", "import", str(tmp_path / "nope.toml"))
    assert r.code == 1
    assert r.err.splitlines() == [
        f"{tmp_path / 'nope.toml'}: 1 problem; nothing was imported:",
        f"  {tmp_path / 'nope.toml'}: The file does not exist.",
    ]

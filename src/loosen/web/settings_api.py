"""Reading and saving the settings file from the settings page; the running service follows.

``GET /api/settings``: every setting by section, with its value (from the file, else the default;
from the environment when a ``LOOSEN_<SECTION>_<KEY>`` variable sets it, then read-only), default,
help, input kind and bounds, when a change takes effect, the file's path and the problems the
loader finds in the file now.

``PUT /api/settings`` with ``{"section": {"key": value}}``: the keys that changed. Validated with
the CLI's loader; on any problem 400 with ``problems: [{"key", "value", "error"}]`` and nothing
written; a file that is not valid TOML is never rewritten (409). After a save the service reloads
the settings (``ctx.reconfigure()``): most apply at once; the response says which need a restart.

Everything beyond Starlette is imported inside the handlers: the service's memory is budgeted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from loosen.i18n import N_, _, language, ngettext
from loosen.web.context import WebContext
from loosen.web.security import JSONResponse

if TYPE_CHECKING:
    from loosen.errors import Problem
    from loosen.settings_file import FileState

RESTART_HINT = N_("`loosen stop`, then `loosen start`")


def _routine_options(ctx: WebContext, current: list[str]) -> list[dict[str, str]]:
    """The routines a routine setting may name: built-in and the user's files, by id and name.

    Read from the files' names and ``name`` keys only, so the catalog (every routine built, with
    its poses) is not loaded into the service for a drop-down."""
    import tomllib
    from importlib import resources

    found: dict[str, str] = {}
    folder = resources.files("loosen.content").joinpath("routines")
    texts = [
        (r.name[:-5], r.read_text("utf-8")) for r in folder.iterdir() if r.name.endswith(".toml")
    ]
    builtin = {rid for rid, _text in texts}
    user_dir = ctx.app.paths.routines_dir
    if user_dir.is_dir():
        for path in sorted(user_dir.glob("*.toml")):
            try:
                texts.append((path.stem, path.read_text("utf-8")))
            except (OSError, UnicodeDecodeError):
                texts.append((path.stem, ""))
    for rid, text in texts:
        if rid in found:
            continue
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            data = {}
        name = data.get("name")
        if rid in builtin and isinstance(name, str):
            name = _(name)
        translated = data.get("translations")
        if isinstance(translated, dict):
            mine = translated.get(language()) or translated.get(language().split("_", 1)[0])
            if isinstance(mine, dict) and isinstance(mine.get("name"), str):
                name = mine["name"]
        if isinstance(name, str) and name:
            found[rid] = _("%(name)s (%(id)s)") % {"name": name, "id": rid}
        else:
            found[rid] = rid
    for rid in current:
        if rid not in found:
            found[rid] = _("%(id)s (no such routine)") % {"id": rid}
    return [{"value": rid, "label": label} for rid, label in sorted(found.items())]


def _choice_labels(name: str) -> dict[str, str]:
    """How the settings page names the values of a choice (only the language needs names)."""
    if name != "ui.language":
        return {}
    from loosen.i18n.languages import LANGUAGES

    return {"": _("The system's language"), "en": "English", **LANGUAGES}


def _payload(ctx: WebContext, state: FileState) -> dict[str, Any]:
    from loosen.config import _env_value as env_value  # read as the loader reads it
    from loosen.settings_file import fields, jsonable, problem_dicts, sections

    environ = ctx.app.environ
    all_fields = fields()
    values: dict[str, Any] = {}
    for f in all_fields:
        written, in_file = state.value(f.section, f.key)
        if f.env in environ:
            values[f.name] = jsonable(env_value(environ[f.env]))
        else:
            values[f.name] = jsonable(in_file if written else f.default)
    routine_ids = [
        str(values[f.name]) for f in all_fields if f.kind == "routine" and values[f.name]
    ]
    options = _routine_options(ctx, routine_ids)
    out_sections = []
    for sid, title, intro in sections():
        items = []
        for f in all_fields:
            if f.section != sid:
                continue
            written, _value = state.value(f.section, f.key)
            items.append(
                {
                    "key": f.name,
                    "name": f.key,
                    "label": _(f.label) if f.label else f.label,
                    "kind": f.kind,
                    "value": values[f.name],
                    "default": jsonable(f.default),
                    "in_file": written,
                    "min": f.minimum,
                    "max": f.maximum,
                    "unit": f.unit,
                    "choices": list(f.choices),
                    "options": options if f.kind == "routine" else [],
                    "max_items": f.max_items,
                    "max_length": f.max_length,
                    "form": f.form,
                    "doc": _(f.meaning) if f.meaning else f.meaning,
                    "applies": f.applies,
                    "env": {"name": f.env, "value": environ[f.env]} if f.env in environ else None,
                }
            )
            labels = _choice_labels(f.name)
            if labels:
                items[-1]["choice_labels"] = labels
        out_sections.append(
            {
                "id": sid,
                "title": _(title) if title else title,
                "intro": _(intro) if intro else intro,
                "settings": items,
            }
        )
    return {
        "file": {
            "path": str(state.path),
            "exists": state.exists,
            "editable": state.editable,
        },
        "problems": problem_dicts(state.problems, values),
        "sections": out_sections,
    }


def _refused(
    message: str, status: int, problems: list[Problem], values: dict[str, Any]
) -> JSONResponse:
    from loosen.settings_file import problem_dicts

    body = {
        "ok": False,
        "error": message,
        "status": status,
        "problems": problem_dicts(problems, values),
    }
    return JSONResponse(body, status_code=status)


def _candidate_values(state: FileState, body: dict[str, Any]) -> dict[str, Any]:
    """section.key -> the value the save would have (for naming values in problems)."""
    from loosen.settings_file import fields

    out: dict[str, Any] = {}
    for f in fields():
        written, value = state.value(f.section, f.key)
        out[f.name] = value if written else f.default
    for section, values in body.items():
        if isinstance(values, dict):
            for key, value in values.items():
                out[f"{section}.{key}"] = value
    return out


def _saved_message(path: str, changed: tuple[str, ...]) -> tuple[str, list[str]]:
    from loosen.settings_file import fields

    if not changed:
        return _("Nothing to save: the settings file already has these values."), []
    applies = {f.name: f.applies for f in fields()}
    now = [k for k in changed if applies[k] == "now"]
    later = [k for k in changed if applies[k] == "next-routine"]
    restart = [k for k in changed if applies[k] == "restart"]
    n = len(changed)
    parts = [
        ngettext("Saved %(n)s setting to %(path)s.", "Saved %(n)s settings to %(path)s.", n)
        % {"n": n, "path": path}
    ]

    def names(keys: list[str]) -> str:
        if len(keys) == 1:
            return keys[0]
        return _("%(names)s and %(last)s") % {"names": ", ".join(keys[:-1]), "last": keys[-1]}

    if now and not (later or restart):
        parts.append(ngettext("loosen uses it now.", "loosen uses them now.", len(now)))
    elif now:
        parts.append(
            ngettext("%(names)s is in use now.", "%(names)s are in use now.", len(now))
            % {"names": names(now)}
        )
    if later:
        parts.append(
            ngettext(
                "%(names)s applies from the next routine.",
                "%(names)s apply from the next routine.",
                len(later),
            )
            % {"names": names(later)}
        )
    if restart:
        parts.append(
            ngettext(
                "%(names)s takes effect when loosen restarts (%(how)s).",
                "%(names)s take effect when loosen restarts (%(how)s).",
                len(restart),
            )
            % {"names": names(restart), "how": _(RESTART_HINT)}
        )
    return " ".join(parts), restart


def routes(ctx: WebContext) -> list[Route]:
    async def read(request: Request) -> Response:
        from loosen.settings_file import read_file

        state = read_file(ctx.app.paths.settings_file, ctx.app.environ)
        return JSONResponse({"ok": True, **_payload(ctx, state)})

    async def write(request: Request) -> Response:
        from loosen.errors import SettingsError
        from loosen.settings_file import read_file, save
        from loosen.web.control import json_body

        body = await json_body(request)
        if isinstance(body, Response):
            return body
        path = ctx.app.paths.settings_file
        environ = ctx.app.environ
        state = read_file(path, environ)
        values = _candidate_values(state, body)
        if not state.editable:
            return _refused(
                _(
                    "The settings file %(path)s cannot be read as TOML, so loosen will not "
                    "overwrite it; fix it by hand (the problem is below), then reload this page."
                )
                % {"path": path},
                409,
                state.problems,
                values,
            )
        try:
            saved = save(path, body, environ)
        except SettingsError as exc:
            n = len(exc.problems)
            return _refused(
                f"{n} setting{'s have' if n != 1 else ' has a'} "
                f"problem{'s' if n != 1 else ''}, so nothing was saved to {path}.",
                400,
                list(exc.problems),
                values,
            )
        message, restart = _saved_message(str(path), saved.changed)
        warnings: list[str] = []
        if saved.changed:
            warnings = await ctx.reconfigure()
            if warnings:
                message += " But the running service could not use them: " + " ".join(warnings)
        state = read_file(path, environ)
        return JSONResponse(
            {
                "ok": True,
                "message": message,
                "changed": list(saved.changed),
                "restart_needed": restart,
                "warnings": warnings,
                **_payload(ctx, state),
            }
        )

    return [
        Route("/api/settings", read, methods=["GET"]),
        Route("/api/settings", write, methods=["PUT"]),
    ]

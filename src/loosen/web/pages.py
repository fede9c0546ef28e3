"""The HTML pages, the login step and the static files.

Pages are plain HTML shipped as package data; their ES modules fetch what they show from the
JSON API. No template engine: nothing is rendered on the server, and the service stays small.
"""

from __future__ import annotations

import html
import json
from collections.abc import Awaitable, Callable
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from loosen import i18n
from loosen.i18n import _
from loosen.i18n.languages import direction
from loosen.web.auth import COOKIE
from loosen.web.context import WebContext
from loosen.web.static import file_response, read, static

PAGES = {
    "/": "dashboard.html",
    "/routine/{name}": "player.html",
    "/routines": "routines.html",
    "/history": "history.html",
    "/settings": "settings.html",
    "/checkin": "checkin.html",
}


def page_response(filename: str, status: int = 200) -> Response:
    """A page with ``<html lang dir>`` set for the active language (its text is translated
    in the browser by ``static/js/i18n.js``)."""
    found = read(filename)
    if found is None:
        return file_response(filename, status)
    body, kind = found
    lang = i18n.language()
    head = f'<html lang="{lang.replace("_", "-")}" dir="{direction(lang)}">'.encode()
    return Response(body.replace(b'<html lang="en">', head, 1), status_code=status, media_type=kind)


async def web_catalog(request: Request) -> Response:
    """The web pages' messages in the active language, its plural rule, lang, dir and the
    locale for dates and numbers (compiled by ``scripts/i18n.py compile``; not secret)."""
    lang = i18n.language()
    data: bytes | None = None
    if lang != i18n.SOURCE_LANGUAGE:
        path = i18n.locale_dir() / lang / "LC_MESSAGES" / "web.json"
        try:
            data = path.read_bytes()
        except OSError:
            data = None
    catalog = (
        json.loads(data)
        if data
        else {"lang": "en", "dir": "ltr", "plural": "n != 1", "messages": {}}
    )
    formats = i18n.format_locale()
    catalog["formats"] = formats.replace("_", "-") if formats else None
    return JSONResponse(catalog, headers={"Cache-Control": "no-store"})


def safe_next(target: str | None) -> str:
    """Only a path on this server: never another site (an open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def onward(target: str) -> Response:
    """A page of this server that moves on to ``target`` at once (meta refresh, no script).

    Not a redirect: the login is often reached from a local file (`loosen open`'s forwarding
    page), and Chromium counts every hop of a redirect chain that began elsewhere as cross-site,
    so the SameSite=Strict cookie just set would not be sent with the page itself. A navigation
    started by this page is same-site.
    """
    to = html.escape(target, quote=True)
    # (translated outside the f-strings: the extractor sees no call inside one)
    go_on = html.escape(_("Go on"))
    title = html.escape(_("Opening loosen"))
    link = f'<a href="{to}">{go_on}</a>'
    text = html.escape(_("Signed in. %(link)s if nothing happens.")) % {"link": link}
    lang = i18n.language().replace("_", "-")
    body = (
        f"<!doctype html>\n<html lang={lang}><head><meta charset=utf-8>"
        f'<meta http-equiv="refresh" content="0;url={to}">'
        f"<title>{title}</title></head>"
        f"<body><p>{text}</p></body></html>\n"
    )
    return HTMLResponse(body)


def routes(ctx: WebContext) -> list[Route]:
    def page(filename: str) -> Callable[[Request], Awaitable[Response]]:
        async def show(request: Request) -> Response:
            return page_response(filename)

        return show

    async def login(request: Request) -> Response:
        access = ctx.access
        ticket = request.query_params.get("ticket", "")
        if access.web_host is not None and not access.on_web_host(request.headers):
            # an address on 127.0.0.1 (typed by hand, or from an older loosen). The cookie must
            # belong to the per-user name, but that name is as secret as the cookie: anyone who
            # knew it could serve a page on <label>.localhost:<their port> and collect it. So it
            # is said only to the holder of a valid ticket (who got it with the token): the
            # ticket is spent here and a fresh one goes on to the per-user name. Anyone else
            # gets the page that says how to get in, which names nothing of the user's.
            if not access.redeem(ticket):
                return file_response("welcome.html", status=401)
            port = (request.scope.get("server") or ("", 80))[1]
            query = {"ticket": access.new_ticket()}
            if "next" in request.query_params:
                query["next"] = safe_next(request.query_params.get("next"))
            target = f"http://{access.web_host}:{port}/login?{urlencode(query)}"
            return RedirectResponse(target, status_code=307)
        if not access.redeem(ticket):
            return page_response("welcome.html", status=401)
        response = onward(safe_next(request.query_params.get("next")))
        # host-only (no Domain): sent back to this exact name alone, never to 127.0.0.1
        response.set_cookie(
            COOKIE, access.new_session(), httponly=True, samesite="strict", path="/"
        )
        return response

    found = [Route(path, page(name), methods=["GET"]) for path, name in PAGES.items()]
    return [
        *found,
        Route("/login", login, methods=["GET"]),
        Route("/i18n.json", web_catalog, methods=["GET"]),
        Route("/static/{path:path}", static, methods=["GET"]),
    ]

"""Server-rendered pages with Jinja2: autoescaped, no inline script or style (the CSP forbids both)."""

from __future__ import annotations

from pathlib import Path

import jinja2
from aiohttp import web

TEMPLATES = Path(__file__).with_name("templates")


def make_renderer(globals_: dict):
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals.update(globals_)

    def render(template: str, request: web.Request, status: int = 200, **context) -> web.Response:
        html = environment.get_template(template).render(request=request, **context)
        return web.Response(text=html, status=status, content_type="text/html", charset="utf-8")

    return render

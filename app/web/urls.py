"""Links without a router walk per link.

``request.url_for`` tries every route in turn until one matches the name (about 90 µs on this
app), and a list page makes one link per row. :class:`PathBuilder` looks each route up once and
formats its path template afterwards; :func:`url_for` (the templates' ``url_for``) and :func:`link`
give the same absolute URLs ``request.url_for`` gives.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp

BASE_KEY = "parallax.base_url"


class Link(str):
    """An absolute URL as a string, with ``.path`` (the part after the host) as starlette's URL has."""

    __slots__ = ("path",)
    path: str

    def __new__(cls, origin: str, path: str) -> Link:
        made = super().__new__(cls, origin + path)
        made.path = path
        return made


class PathBuilder:
    """Route name -> path: the route found once, then its template formatted for each link."""

    def __init__(self, app: Any):
        self.app = app
        self._routes: dict[str, tuple[str, dict] | None] = {}
        self._others: dict[tuple, str] = {}  # mounts (static files): few distinct paths, each kept

    def path(self, name: str, /, **params: Any) -> str:
        if name not in self._routes:
            self._routes[name] = _template(self.app.router.routes, name)
        found = self._routes[name]
        if found is not None and params.keys() == found[1].keys():
            template, convertors = found
            return template.format(**{key: convertors[key].to_string(value) for key, value in params.items()})
        key = (name, *sorted(params.items()))
        if key not in self._others:
            self._others[key] = str(self.app.url_path_for(name, **params))
        return self._others[key]


def _template(routes: list[BaseRoute], name: str) -> tuple[str, dict] | None:
    for route in routes:
        if isinstance(route, Route) and route.name == name:
            return route.path_format, dict(route.param_convertors)
    return None


def _origin(request: Request) -> tuple[str, str]:
    """(scheme://host, root path) of this request, worked out once per request."""
    cached = request.scope.get(BASE_KEY)
    if cached is None:
        base = request.base_url
        cached = request.scope[BASE_KEY] = (f"{base.scheme}://{base.netloc}", base.path.rstrip("/"))
    return cached


def link(request: Request, name: str, /, **params: Any) -> Link:
    """What ``request.url_for(name, **params)`` gives, as a string, without walking the router."""
    origin, root = _origin(request)
    path = root + paths_of(request.app).path(name, **params)
    return Link(origin, path)


def paths_of(app: ASGIApp) -> PathBuilder:
    paths: PathBuilder = app.state.paths  # type: ignore[attr-defined]
    return paths


def link_header(url: str, pages: dict[str, dict[str, int]]) -> str:
    """An RFC 8288 Link header naming a list's neighbouring pages (rel -> query parameters)."""
    return ", ".join(f'<{url}?{urlencode(params)}>; rel="{rel}"' for rel, params in pages.items())

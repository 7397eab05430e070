"""Looking at the graph: ``newskg serve`` (a local web app and a read-only SPARQL endpoint over the
embedded store) and ``newskg show`` (one article with its facts marked, as a self-contained HTML page).

Starlette, Jinja2 and uvicorn serve it; the JavaScript and CSS (YASGUI, cytoscape.js) come pinned
from npm and ship in ``static/vendor`` (``make assets`` fetches them again), so nothing is fetched from
the internet at run time.
"""

from __future__ import annotations

from newskg.web.app import Settings, create_app
from newskg.web.show import render_article, show_html

__all__ = ["Settings", "create_app", "render_article", "show_html"]

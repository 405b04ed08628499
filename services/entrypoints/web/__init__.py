"""Web pages for programme managers and auditors, served beside the HTTP API under /ui
(services/entrypoints/http.py mounts both).

Server-rendered (Jinja2) pages with a little htmx: every page reads without JavaScript, every form
works without it (Post/Redirect/Get), and htmx only makes decisions on candidates appear at once.
The pages are a thin layer over the application layer's queries and commands, which apply the
access policy (services/application/access.py): a page can show and change nothing the API would
not for the same key.
"""

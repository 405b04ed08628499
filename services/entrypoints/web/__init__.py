"""Web pages for programme managers and auditors, served by the HTTP API's process under /ui.

Server-rendered (Jinja2) pages with a little htmx: every page reads without JavaScript, every form
works without it (Post/Redirect/Get), and htmx only makes decisions on candidates appear at once.
The pages are a thin layer over the API's own handlers, which ask the access policy
(services/application/access.py) and call the commands: a page can show and change nothing the API would not
for the same key.
"""

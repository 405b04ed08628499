"""The HTTP API: a FastAPI entry point on the same service layer as the CLI and the bus.

`services.entrypoints.api.app:create_api` builds it; services/entrypoints/http.py serves it with
the web pages beside it (`matchmaker api`). Routers hold no rules: they parse, ask the application
layer's commands and queries (which apply the access policy), and show the result.
"""

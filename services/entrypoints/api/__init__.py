"""The HTTP API: a FastAPI entry point on the same service layer as the CLI and the bus.

`services.entrypoints.api.app:create_app` builds the application;
`services.entrypoints.api.app:app` is the one uvicorn serves (`matchmaker api`). Routers hold no
rules: they parse, ask the access policy and the application layer, and show the result.
"""

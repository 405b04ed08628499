"""The HTTP API: a FastAPI entry point on the same service layer as the CLI and the bus.

`services.api.app:create_app` builds the application; `services.api.app:app` is the one uvicorn
serves (`matchmaker api`). Routers hold no rules: they parse, ask the access policy and the
commands of services/, and show the result.
"""

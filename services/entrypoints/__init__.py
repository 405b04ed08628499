"""The entry points: the CLI, the HTTP API, the web pages and the message bus; each calls the
application layer (services/application) and never another entry point."""

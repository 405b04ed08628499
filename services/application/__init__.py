"""The application layer: commands, queries, the access policy, shortlisting, audit tools.

Every entry point (services/entrypoints) calls this layer and nothing below it; this layer uses
the domain, the matcher, the read models and the infrastructure.
"""

"""Infrastructure: the event store on SQLite or PostgreSQL, sealing of personal data, data files."""

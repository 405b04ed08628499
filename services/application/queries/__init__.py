"""The read side's application layer: what every entry point asks, as the asker may see it.

One module per read concern; every query takes the actor who asks and applies the access policy
(services/application/access.py) itself, so the CLI, the HTTP API and the web pages cannot
disagree on who sees what:

- `board`: the challenge board and one challenge (a startup: published ones, no shortlist counts);
- `programmes`: the programmes with their partners;
- `directory`: the startup directory and one startup (a startup: no other startup's contacts);
- `applications`: applications to challenges (a startup: its own);
- `shortlists`: shortlists and why a challenge cannot have one now (not for startups);
- `calendar`: the workshops;
- `report`: the council report and its activity over time;
- `history`: an item's events and its state as of a date (managers and auditors);
- `items`: one item by any reference, as the reader may see it;
- `audit`: the tamper check, shortlist recomputation, replay and export (managers and auditors).

Values come back as plain JSON-able data (ids as readable refs where known), so every entry point
shows the same thing.
"""

"""What auditors ask of the history: export it, replay the read models from it, recompute shortlists.

The tamper check itself is a projection (projections/chain.py); erasure is a startup command
(services/application/commands/startups.py) on top of the sealing in services/infrastructure/personal_data.py.
"""

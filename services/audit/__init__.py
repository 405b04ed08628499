"""What auditors ask of the history: export it, replay the read models from it, recompute shortlists.

The tamper check itself is a projection (projections/chain.py); erasure is a startup command
(services/commands/startups.py) on top of the sealing in services/personal_data.py.
"""

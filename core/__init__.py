"""The base every other package stands on: settings, the database, the clock, repository paths,
postcode parsing, checked data files and the shared vocabulary.

Imports nothing of ours (enforced by the import contracts in pyproject.toml; see ARCHITECTURE.md).
"""

"""Rasa custom actions: thin adapters over `bot/` and `directory/`, one module per concern."""

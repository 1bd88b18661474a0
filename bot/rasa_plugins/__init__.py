"""Thin adapters that plug Front Door's own logic into Rasa. The only Rasa imports in `bot/`."""

"""Front Door: the product's own logic (no Rasa imports outside bot.rasa_plugins)."""

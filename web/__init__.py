"""The web front: the resident chat page, the staff console and the directory API (aiohttp)."""

"""ORM table classes, split by concern; import them from directory.models."""

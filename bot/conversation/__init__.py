"""The good conversation's own logic: reading answers, transcripts and the case note."""

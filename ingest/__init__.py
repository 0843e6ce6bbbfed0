"""Text -> typed models: decoding, structure, attributions, targets and entities (no database)."""

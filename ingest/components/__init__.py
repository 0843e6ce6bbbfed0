"""policykg's registered spaCy components, one small module each (imported for their factories)."""

from . import attributions, named_entities, sentences, targets

__all__ = ["attributions", "named_entities", "sentences", "targets"]

"""policykg's registered spaCy components, one small module each (imported for their factories)."""

from . import attributions, gazetteer, named_entities, sentences, targets

__all__ = ["attributions", "gazetteer", "named_entities", "sentences", "targets"]

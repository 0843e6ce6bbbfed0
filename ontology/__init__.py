"""policykg's vocabulary: node labels, relationship types, roles, and the exception hierarchy."""

"""The web graph explorer and pyvis exports."""

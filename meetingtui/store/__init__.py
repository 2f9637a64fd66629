"""Storage: TinyDB files written atomically under a sidecar lock. No Textual here."""

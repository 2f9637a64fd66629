"""The Textual interface: one client of the core."""

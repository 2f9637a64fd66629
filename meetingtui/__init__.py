"""meetingtui: run a Party cell meeting live and turn the record into minutes and resolution."""

__version__ = "0.1.0"

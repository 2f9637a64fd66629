"""The domain of a cell meeting: plain dataclasses and rules, standard library only."""

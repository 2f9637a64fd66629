"""The domain of a cell meeting: plain dataclasses and rules, standard library only.

A meeting's events are handled by several modules; ``meeting.load_handlers`` registers
them when the first event is applied.
"""

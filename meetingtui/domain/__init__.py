"""The domain of a Party cell's meetings: values, rules, and the events that record them.

Standard library only: no Textual, no storage, no files written. ``decider`` lists every event
kind with its decision (the rules) and its evolution (how a stored event changes the state).
"""

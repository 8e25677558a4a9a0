"""Parsers for the note syntax: pure functions from text to model values.

Each parser returns a result or reports a :class:`~handbook.model.Problem`
through a :class:`Reporter`; none of them raises on any input.
"""

"""Semanggi: public–private partnerships for poverty alleviation."""

__version__ = "0.1.0"

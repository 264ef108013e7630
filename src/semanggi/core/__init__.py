"""The pure core: the rules that make Semanggi what it is, in plain Python.

Nothing here imports Django or any other part of Semanggi (an import-linter contract enforces
it). Inputs and outputs are plain values and frozen dataclasses; time is passed in.
"""

"""Exporters: plain functions over rows, no web code; views and commands open files and
stream."""

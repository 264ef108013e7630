"""IATI Activity Standard 2.03: codelists now, the activity exporter later."""

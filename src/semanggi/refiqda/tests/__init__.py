from pathlib import Path

# Exports as other programs write them: one real, three of ours imitating their quirks (test
# data only; provenance, licences and quirks in its README).
SAMPLES = Path(__file__).resolve().parent / "samples"

from pathlib import Path

# Four real exports from other programs (test data only; provenance and licences in its README).
SAMPLES = Path(__file__).resolve().parent / "samples"

"""Co-occurrence of codes: the core's sweep over n segments of one source, for growing n.
Prints seconds per run; the figures should grow a little faster than n, never like n²."""

import sys
import time
from pathlib import Path
from random import Random

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from semanggi.core.cooccurrence import CodedSpan, code_pairs


def spans(n: int) -> list[CodedSpan]:
    random = Random(n)
    result = []
    for _ in range(n):
        start = random.randrange(0, 50 * n)
        codes = frozenset(random.sample(range(60), random.randint(1, 3)))
        result.append(CodedSpan(1, start, start + random.randint(20, 400), codes))
    return result


if __name__ == "__main__":
    for n in (2_000, 20_000, 200_000):
        data = spans(n)
        began = time.perf_counter()
        pairs = code_pairs(data)
        print(f"{n:>8} segments: {time.perf_counter() - began:6.2f} s, {len(pairs)} pairs")

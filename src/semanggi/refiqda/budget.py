"""How much memory reading a REFI-QDA file may take, charged as the file is read.

A zipped project can hold far more than its size: text compresses several times, and Python
holds a text at one, two or four bytes per character (four as soon as one character lies
outside Unicode's Basic Multilingual Plane, such as an emoji). Every text and every selection
kept is charged here at what it will cost, and the import stops, with a clear message, before
the whole would pass the budget, so that memory stays a bounded multiple of the file's size.
"""

import sys

from semanggi.refiqda.errors import LimitExceededError

MiB = 1024 * 1024

# What one selection costs until its segment is written: the selection as read and as
# converted (a small object each, its GUID, positions and codes), its place in the lists and
# the GUID table, and its share of the rows written in batches. Measured at about 330 bytes.
SELECTION_BYTES = 400
# Any other object kept (a code, case, note, link, set, user or variable), before its texts.
OBJECT_BYTES = 600


def text_cost(text: str, encoded_bytes: int) -> int:
    """What a text costs: the string as Python holds it, and its UTF-8 form beside it (what
    the database driver sends, and what a text read from a file was read from)."""
    return sys.getsizeof(text) + encoded_bytes


class MemoryBudget:
    """A running total of what the import keeps, refused beyond ``limit`` bytes (None: no
    limit, for files Semanggi wrote itself or reads in tests)."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.used = 0

    def charge(self, amount: int) -> None:
        self.used += amount
        if self.limit is not None and self.used > self.limit:
            megabytes = f"{self.limit / MiB:.0f} MB"
            raise LimitExceededError(
                "Proyek ini memuat lebih banyak teks dan seleksi daripada yang dapat dibaca "
                f"dari berkas sebesar ini (lebih dari {megabytes} memori). Bagi proyeknya "
                "menjadi beberapa berkas, lalu unggah satu per satu.",
                "This project holds more text and selections than a file of this size may "
                f"be read with (more than {megabytes} of memory). Split the project into "
                "several files and upload them one by one.",
            )

    def text(self, text: str, encoded_bytes: int) -> None:
        self.charge(text_cost(text, encoded_bytes))

    def string(self, text: str) -> None:
        """A short text kept with an object (a name, a description)."""
        if text:
            self.charge(sys.getsizeof(text))

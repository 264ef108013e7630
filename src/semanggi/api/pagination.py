"""The API's one way of paging lists: page and page_size, 25 rows by default, 100 at most.
Page numbers are bounded, so that an absurd page is a 422, not a database overflow."""

from typing import Any

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_PAGE = 1_000_000


class Pagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=100)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=25, max_page_size=100, **kwargs)


class Mapped:
    """A query whose rows are turned into schema objects only for the page asked for: the
    database counts and slices, and only one page of rows is read."""

    def __init__(self, query: Any, convert: Any) -> None:
        self.query = query
        self.convert = convert

    def count(self) -> int:
        return int(self.query.count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[Any]:
        return [self.convert(row) for row in self.query[page]]

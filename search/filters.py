"""``?search=`` on API v2 endpoints, bounded by ``search.query``'s limits."""

from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.utils import BadRequestError

from search.query import SearchQueryTooLong, check_query


class BoundedSearchFilter(SearchFilter):
    """Wagtail's search filter, answering 400 for a query over the limits instead of running it."""

    def filter_queryset(self, request, queryset, view):
        try:
            check_query(request.GET.get("search", ""))
        except SearchQueryTooLong as exc:
            raise BadRequestError(str(exc)) from exc
        return super().filter_queryset(request, queryset, view)


def with_bounded_search(filter_backends):
    """``filter_backends`` (an API v2 viewset's) with ``SearchFilter`` replaced by ``BoundedSearchFilter``."""
    return [BoundedSearchFilter if backend is SearchFilter else backend for backend in filter_backends]

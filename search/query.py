"""
What a search query may be. Wagtail's database backend builds one nested query
node per word, and a 50,000-character search of 8,000 words exceeded Python's
recursion limit (a 500), so every search is bounded before it reaches the backend.
"""

from django.conf import settings

DEFAULT_MAX_CHARS = 5000
DEFAULT_MAX_WORDS = 50


class SearchQueryTooLong(ValueError):
    """The query is over ``max_chars()`` characters or ``max_words()`` words."""


def max_chars():
    """Longest search query, in characters: ``SEARCH_MAX_CHARS`` if set."""
    return getattr(settings, "SEARCH_MAX_CHARS", DEFAULT_MAX_CHARS)


def max_words():
    """Most words in a search query: ``SEARCH_MAX_WORDS`` if set."""
    return getattr(settings, "SEARCH_MAX_WORDS", DEFAULT_MAX_WORDS)


def check_query(query):
    """Raise ``SearchQueryTooLong`` (its message names the limits) if ``query`` may not be run."""
    if len(query) > max_chars() or len(query.split()) > max_words():
        raise SearchQueryTooLong(f"search is limited to {max_chars()} characters and {max_words()} words")

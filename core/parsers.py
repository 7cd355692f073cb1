"""The request parser every Folio DRF API uses (``DEFAULT_PARSER_CLASSES``)."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's, but JSON nested deeper than Python's stack (``[[[…]]]`` a few thousand
    deep, a few kilobytes) is a 400 like any other unparsable body: the decoder recurses,
    and DRF catches only its ``ValueError``, so this was a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError("JSON parse error - nested too deeply.") from error

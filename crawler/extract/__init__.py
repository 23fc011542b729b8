"""Article extraction: a pure function of (page, url, evidence) returning a record."""
from .article import Article, Rejection, extract_page

__all__ = ["Article", "Rejection", "extract_page"]

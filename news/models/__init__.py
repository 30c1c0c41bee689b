"""The news room's models: categories and articles (pages.py), readers' comments and ratings (feedback.py), and
the article search index (search_index.py). Everything is importable from news.models."""

from .feedback import (
    AlreadyRated,
    Comment,
    CommentQuerySet,
    CommentStatus,
    Rating,
    RatingTotal,
    live_rating_totals,
    record_rating,
)
from .pages import ARTICLES_PER_PAGE, ArticleIndexPage, ArticlePage, ArticlePageQuerySet, ArticlePageTag
from .search_index import ArticleSearchIndex

__all__ = [
    "ARTICLES_PER_PAGE",
    "AlreadyRated",
    "ArticleIndexPage",
    "ArticlePage",
    "ArticlePageQuerySet",
    "ArticlePageTag",
    "ArticleSearchIndex",
    "Comment",
    "CommentQuerySet",
    "CommentStatus",
    "Rating",
    "RatingTotal",
    "live_rating_totals",
    "record_rating",
]

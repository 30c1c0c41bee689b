"""What other apps may ask of the visit statistics (news asks for a page's view count)."""

import logging

from stats import store

logger = logging.getLogger(__name__)


def page_view_count(page_id):
    """Views counted by this portal for a page: one per visit that opened it."""
    if page_id is None:
        return 0
    return page_view_counts([page_id]).get(int(page_id), 0)


def page_view_counts(page_ids):
    """{page id: views} for several pages in one query (ids without views map to 0).

    A failing store gives zeros (logged): a page never breaks because of its counter.
    """
    try:
        return store.page_view_counts(page_ids)
    except Exception:
        logger.exception("stats: page view counts unavailable")
        return dict.fromkeys((int(i) for i in page_ids if i is not None), 0)

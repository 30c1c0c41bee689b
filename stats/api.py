"""What other apps may ask of the visit statistics (news asks for a page's view count)."""


def page_view_count(page_id):
    """Views counted by this portal for a page (visits that opened it)."""
    return 0

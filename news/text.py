"""Comment bodies are plain text: escaped, line breaks kept, URLs shown as links that pass no ranking."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

# Only web addresses become links; "javascript:" and other schemes stay inert text.
URL_RE = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
TRAILING_PUNCTUATION = ".,;:!?)]}»”’"


def render_plain_text(text):
    parts = []
    position = 0
    for match in URL_RE.finditer(text):
        url = match.group(0)
        stripped = url.rstrip(TRAILING_PUNCTUATION)
        parts.append(escape(text[position:match.start()]))
        link = escape(stripped)
        parts.append(f'<a href="{link}" rel="nofollow ugc noopener" class="comment-link">{link}</a>')
        parts.append(escape(url[len(stripped):]))
        position = match.end()
    parts.append(escape(text[position:]))
    html = "".join(parts).replace("\r\n", "\n").replace("\n", "<br>")
    return mark_safe(html)  # noqa: S308 - every piece above is escaped

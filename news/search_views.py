"""Reader-facing views of issue 6: article search results, tag pages and the portal feed."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET
from taggit.models import Tag

from core import params

from .feeds import ArticleFeed
from .models import ArticleIndexPage, ArticlePage
from .search import Query, highlight, search_page

RESULTS_PER_PAGE = 10
SNIPPET_CHARS = 240


def with_categories(articles):
    """Attach each article's category (`list_category`) with one query for the whole page of results."""
    steplen = ArticlePage.steplen
    paths = {article.path[:-steplen] for article in articles}
    categories = {page.path: page for page in ArticleIndexPage.objects.filter(path__in=paths)
                  .only("id", "title", "path", "url_path")}
    for article in articles:
        article.list_category = categories.get(article.path[:-steplen])
    return articles


def article_results(request):
    """The article part of the site search (portal.views.search): the ranked, paginated results."""
    raw = request.GET.get("q", "")
    query = Query(raw)
    page_obj = search_page(query, request.GET.get("page"), RESULTS_PER_PAGE)
    results = with_categories(page_obj.object_list)
    for article in results:
        entry = getattr(article, "search_index", None)
        article.title_html = highlight(article.title, query)
        article.snippet_html = highlight(entry.snippet_source if entry else article.summary, query, SNIPPET_CHARS)
    return {
        "search_query": raw[:200],
        "searched": bool(query),
        "page_obj": page_obj,
        "results": results,
        "query_prefix": urlencode({"q": raw[:200]}),
    }


@require_GET
def tag_page(request, slug):
    tag = Tag.objects.filter(slug=slug).first() if params.storable(slug) else None
    if tag is None:
        raise Http404
    articles = ArticlePage.objects.live().public().filter(tagged_items__tag=tag).for_listing()
    paginator = Paginator(articles, RESULTS_PER_PAGE)
    if not paginator.count:  # a tag used only by drafts or private articles stays unknown
        raise Http404
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(request, "news/tag_page.html", {"tag": tag, "articles": page_obj, "page_obj": page_obj})


@require_GET
def portal_feed(request):
    # A fresh instance per request: the feed keeps the request on itself.
    return ArticleFeed(ArticlePage.objects.all())(request)

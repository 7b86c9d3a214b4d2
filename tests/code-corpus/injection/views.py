from django.db import connection
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from .models import Article, Comment


@require_GET
def search(request):
    q = request.GET.get("q", "")
    articles = Article.objects.raw(f"SELECT * FROM blog_article WHERE title LIKE '%%{q}%%'")  # ward-expect: injection
    return JsonResponse({"results": [a.title for a in articles]})


@require_GET
def by_author(request):
    author = request.GET["author"]
    qs = Article.objects.extra(where=["author_name = '%s'" % author])  # ward-expect: injection
    return JsonResponse({"results": list(qs.values_list("title", flat=True))})


@require_GET
def stats(request):
    year = request.GET.get("year", "2024")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM blog_article WHERE extract(year from published) = " + year)  # ward-expect: injection
        (count,) = cursor.fetchone()
    return JsonResponse({"count": count})


@require_GET
def comments(request, article_id):
    order = request.GET.get("order", "created")
    rows = Comment.objects.raw(
        "SELECT * FROM blog_comment WHERE article_id = %s ORDER BY " + order,  # ward-expect: injection
        [article_id],
    )
    return JsonResponse({"comments": [c.body for c in rows]})


# ward-good: injection
@require_GET
def search_safe(request):
    q = request.GET.get("q", "")
    articles = Article.objects.filter(Q(title__icontains=q) | Q(body__icontains=q))[:50]
    return JsonResponse({"results": [a.title for a in articles]})


# ward-good: injection
@require_GET
def search_raw_safe(request):
    q = request.GET.get("q", "")
    articles = Article.objects.raw("SELECT * FROM blog_article WHERE title LIKE %s", [f"%{q}%"])
    return JsonResponse({"results": [a.title for a in articles]})


# ward-good: injection
@require_GET
def stats_safe(request):
    year = int(request.GET.get("year", "2024"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM blog_article WHERE extract(year from published) = %s", [year])
        (count,) = cursor.fetchone()
    return JsonResponse({"count": count})


# ward-good: injection
@require_GET
def detail(request, pk):
    article = get_object_or_404(Article, pk=pk)
    return JsonResponse({"title": article.title, "summary": f"{article.title} by {article.author_name}"})

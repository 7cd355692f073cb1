"""
Fast bulk seeder for benchmarks: 10k posts (then comments and likes) in minutes.

Regular saves go through Wagtail's tree and revision machinery one page at a
time (~15 posts/s); here the rows are written in batches instead, with tree
paths computed the way django-treebeard would. Run through bench/run, or:

    DATABASE_URL=postgres://... python bench/seed_bulk.py --posts 10000
"""

import argparse
import os
import sys
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings")

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from taggit.models import Tag  # noqa: E402
from tqdm import tqdm  # noqa: E402
from wagtail.models import Locale, Page  # noqa: E402

from blog import demo  # noqa: E402
from blog.models import Author, BlogIndexPage, BlogPage, BlogPageAuthor, BlogPageTag  # noqa: E402
from home.models import HomePage  # noqa: E402

BATCH = 1000
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def tree_step(number):
    """django-treebeard's 4-character base-36 path step for the nth child."""
    step = ""
    while number:
        number, digit = divmod(number, 36)
        step = ALPHABET[digit] + step
    return step.rjust(4, "0")


def insert_child_rows(model, objects):
    """Insert the child-table rows of multi-table-inherited pages (bulk_create refuses MTI)."""
    fields = list(model._meta.local_concrete_fields)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({placeholders})"  # noqa: S608
    rows = [[f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in objects]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def seed_posts(total):
    demo.configure_site()
    home = HomePage.objects.get()
    index = demo.get_blog_index(home)
    existing = BlogPage.objects.child_of(index).count()
    if existing >= total:
        print(f"posts: {existing} already there")
        return
    demo.seed(posts=0)  # authors and their avatars
    authors = list(Author.objects.all())
    images = [demo.get_or_create_image(f"Hero: bench {n}", n) for n in range(6)]
    tags = [Tag.objects.get_or_create(name=slug, defaults={"slug": slug})[0] for _, slug in demo.TOPICS]
    content_type = ContentType.objects.get_for_model(BlogPage)
    locale = Locale.get_default()
    body = demo.post_markdown(__import__("random").Random(1), "Benchmarks", images[0].pk)
    now = timezone.now()
    last_child = index.get_last_child()
    next_number = (int(last_child.path[-4:], 36) + 1) if last_child else 1

    progress = tqdm(total=total - existing, desc="posts", unit="post")
    for start in range(existing, total, BATCH):
        count = min(BATCH, total - start)
        pages = []
        for offset in range(count):
            n = start + offset
            title = f"Benchmark post {n}: notes on {demo.TOPICS[n % len(demo.TOPICS)][0]}"
            slug = f"bench-{n}"
            published = now - timedelta(minutes=n)
            pages.append(
                BlogPage(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    content_type=content_type,
                    locale=locale,
                    translation_key=uuid.uuid4(),
                    path=index.path + tree_step(next_number + offset),
                    depth=index.depth + 1,
                    numchild=0,
                    url_path=f"{index.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=published,
                    last_published_at=published,
                    search_description=f"{title}.",
                    excerpt=f"{title}: a benchmark post.",
                    body=body,
                    date=published.date(),
                    hero_image=images[n % len(images)],
                    hero_alt="Abstract benchmark illustration",
                    reading_time=4,
                )
            )
        with transaction.atomic():
            created = Page.objects.bulk_create([Page(**_page_fields(p)) for p in pages])
            for page, page_row in zip(pages, created, strict=True):
                page.page_ptr_id = page.id = page_row.id
            insert_child_rows(BlogPage, pages)
            BlogPageTag.objects.bulk_create(
                BlogPageTag(content_object_id=p.id, tag=tags[i % len(tags)]) for i, p in enumerate(pages)
            )
            BlogPageAuthor.objects.bulk_create(
                BlogPageAuthor(page_id=p.id, author=authors[i % len(authors)], sort_order=0)
                for i, p in enumerate(pages)
            )
        next_number += count
        progress.update(count)
    progress.close()
    BlogIndexPage.objects.filter(pk=index.pk).update(numchild=BlogPage.objects.child_of(index).count())
    analyze()


def analyze():
    """Fresh statistics, as autovacuum would eventually gather: without them the planner guesses."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _page_fields(page):
    return {f.attname: getattr(page, f.attname) for f in Page._meta.concrete_fields if f.attname != "id"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--posts-only", action="store_true", help="no comments or likes")
    args = parser.parse_args()
    seed_posts(args.posts)
    if not args.posts_only:
        from bench import community_bench

        community_bench.seed()


if __name__ == "__main__":
    main()

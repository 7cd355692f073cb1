from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from blog import demo as blog_demo
from blog import revalidation
from community import demo as community_demo
from home import demo as home_demo


class Command(BaseCommand):
    help = (
        "Create demo authors, images, Markdown posts, featured posts and community activity "
        "(idempotent: run it twice, get no duplicates)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--posts", type=int, default=24, help="How many posts (default 24).")

    def handle(self, *args, posts, **options):
        if posts < 0:
            self.stderr.write("--posts must be zero or more")
            return
        # The frontend is built from the seeded content afterwards (and may not run yet):
        # nothing to tell it post by post.
        with revalidation.suspended(), transaction.atomic():
            created = blog_demo.seed(posts=posts, progress=lambda it: tqdm(it, desc="posts", unit="post"))
            home_demo.feature_latest_posts()
            community = community_demo.seed()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {created['posts']} new posts, {created['authors']} new authors, "
                f"{created['images']} images in the library; community: {community['users']} new users, "
                f"{community['comments']} comments, {community['likes']} likes."
            )
        )

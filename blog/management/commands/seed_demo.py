from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from blog import demo
from community import demo as community_demo


class Command(BaseCommand):
    help = "Create demo authors, images and Markdown posts (idempotent: run it twice, get no duplicates)."

    def add_arguments(self, parser):
        parser.add_argument("--posts", type=int, default=24, help="How many posts (default 24).")

    def handle(self, *args, posts, **options):
        if posts < 0:
            self.stderr.write("--posts must be zero or more")
            return
        with transaction.atomic():
            created = demo.seed(posts=posts, progress=lambda it: tqdm(it, desc="posts", unit="post"))
            community = community_demo.seed()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {created['posts']} new posts, {created['authors']} new authors, "
                f"{created['images']} images in the library; community: {community['users']} new users, "
                f"{community['comments']} comments, {community['likes']} likes."
            )
        )

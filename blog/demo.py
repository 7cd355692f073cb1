"""
Demo content for the embedded default and the tests: authors with avatars,
generated hero images, and realistic Markdown posts. Everything is looked up
by a stable key (slug or image title) first, so running it twice adds nothing.
"""

import io
import random
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.images import ImageFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Site

from blog.models import Author, BlogIndexPage, BlogPage, BlogPageAuthor

AUTHORS = [
    ("Ada Lindqvist", "Backend engineer who writes about databases, queues and the joy of boring tech."),
    ("Kofi Mensah", "Frontend developer and accessibility advocate. Loves type systems and good typography."),
    ("Mei Tanaka", "Writes about product, teams and the craft of technical writing."),
    ("Rafael Ortega", "Infrastructure and performance. Measures twice, deploys once."),
]
TOPICS = [
    ("Python", "python"), ("Django", "django"), ("PostgreSQL", "postgresql"), ("Next.js", "nextjs"),
    ("TypeScript", "typescript"), ("Caching", "caching"), ("Accessibility", "accessibility"),
    ("Testing", "testing"), ("AWS", "aws"), ("Writing", "writing"),
]  # fmt: skip
TITLE_FORMS = [
    "A practical guide to {t}", "What I learned shipping {t} to production", "{t} in ten minutes",
    "Five {t} mistakes we made so you don't have to", "Why we bet on {t}", "Debugging {t}: a field guide",
    "The quiet power of {t}", "{t} patterns that aged well", "Measuring {t} before optimising it",
    "Notes on {t} at scale",
]  # fmt: skip
PALETTES = [
    ((32, 64, 128), (96, 176, 224)), ((120, 40, 90), (240, 140, 110)), ((20, 100, 80), (150, 220, 160)),
    ((70, 50, 140), (200, 160, 240)), ((140, 90, 20), (250, 210, 120)), ((40, 40, 48), (130, 150, 170)),
]  # fmt: skip


def generate_image_bytes(seed: int, size=(1600, 900), fmt="JPEG") -> bytes:
    """A gradient with soft shapes: realistic enough to exercise renditions."""
    rng = random.Random(seed)
    start, end = PALETTES[seed % len(PALETTES)]
    width, height = size
    image = PILImage.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / max(1, height - 1)
        draw.line(
            [(0, y), (width, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(start, end, strict=True))
        )
    for _ in range(6):
        r = rng.randint(height // 10, height // 3)
        x, y = rng.randint(0, width), rng.randint(0, height)
        tint = tuple(min(255, c + rng.randint(20, 60)) for c in end)
        draw.ellipse([x - r, y - r, x + r, y + r], outline=tint, width=max(2, r // 12))
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, quality=85)
    return buffer.getvalue()


def get_or_create_image(title: str, seed: int, size=(1600, 900)):
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image is None:
        data = generate_image_bytes(seed, size)
        image = Image(title=title)
        image.file = ImageFile(io.BytesIO(data), name=f"{slugify(title)}.jpg")
        image._set_image_file_metadata()
        image.save()
    return image


SNIPPETS = [
    ("python", "def reading_time(words: int, wpm: int = 230) -> int:\n    return max(1, -(-words // wpm))\n"),
    ("typescript", "export async function getPost(slug: string) {\n  return api(`/posts/${slug}`);\n}\n"),
    ("sql", "SELECT author_id, count(*) AS posts\nFROM blog_blogpage\nGROUP BY author_id;\n"),
    ("bash", "python manage.py migrate\npython manage.py seed_demo --posts 24\n"),
]
ADVICE = [
    "Measure before you change anything.",
    "Keep the happy path boring.",
    "Write the test that fails first.",
    "Name things for what they do.",
    "Cache with a clear invalidation story.",
    "Prefer one obvious way.",
    "Log what you will need at 3 a.m.",
    "Delete code you no longer need.",
]
PROSE = [
    "Every team we talked to had a story about {t}: a launch that went sideways, a dashboard that lied, "
    "or a quick fix that became a permanent fixture. The common thread was never the tool itself but the "
    "habits around it: how decisions were written down, how changes were measured, and how quickly a "
    "mistake could be noticed and undone.",
    "We started by writing down what we actually needed from {t}, in plain words, before looking at a single "
    "benchmark. That list turned out to be shorter than expected, and it made the later trade-offs much "
    "easier to explain to the rest of the team, including the people who would be on call for it.",
    "The second lesson was about feedback loops. A change to {t} that takes a day to verify will be made "
    "carefully and rarely; one that takes a minute will be made often and with confidence. Shortening that "
    "loop paid for itself within weeks, long before any of the performance work did.",
    "Finally, we learned to leave room for the boring parts: documentation, migrations, rollbacks and the "
    "occasional clean-up. None of them make for exciting demos, but they are what let {t} keep working "
    "a year later, when the people who built it have moved on to other things.",
]


def post_markdown(rng: random.Random, topic: str, image_id: int) -> str:
    lang, snippet = rng.choice(SNIPPETS)
    points = rng.sample(ADVICE, 4)
    # three of the four paragraphs, in their written order ("Finally" stays last)
    kept = sorted(rng.sample(range(len(PROSE)), 3))
    prose = [PROSE[index].format(t=topic) for index in kept]
    rows = "\n".join(
        f"| {name} | {rng.randint(2, 40)} ms | {rng.randint(1, 12)} |"
        for name in rng.sample(["listing", "detail", "search", "comments", "feed"], 3)
    )
    return f"""## Why {topic} matters

{topic} shows up in almost every project we ship. This post collects what worked,
what did not, and the numbers behind both[^1].

{prose[0]}

{prose[1]}

## The short version

{chr(10).join(f"- {p}" for p in points)}

## A small example

```{lang}
{snippet}```

Inline code like `select_related()` deserves a mention too, and so does **measuring**
with _real_ data rather than guesses.

## Numbers

| Endpoint | p95 | Queries |
| --- | --- | --- |
{rows}

> Make it work, make it right, make it fast — in that order.

![{topic} diagram](image:{image_id})

## Wrapping up

{prose[2]}

1. Start small.
2. Measure.
3. Keep what helps.

Read more about [{topic}](https://example.com/{slugify(topic)}) in the docs.

[^1]: Figures were measured on a two-core machine; yours will differ.
"""


def configure_site():
    """html_url in the API must point at the public (Next.js) site."""
    parts = urlsplit(settings.FRONTEND_URL)
    site = Site.objects.get(is_default_site=True)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if (site.hostname, site.port) != (parts.hostname, port):
        site.hostname, site.port = parts.hostname, port
        site.save()
    return site


def get_blog_index(home) -> BlogIndexPage:
    index = BlogIndexPage.objects.child_of(home).first()
    if index is None:
        index = BlogIndexPage(title="Blog", slug="blog", intro="Everything our writers have published.")
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def seed(posts: int = 24, progress=None):
    """Create the demo site; returns a dict of counts of what was created."""
    rng = random.Random(20261126)
    created = {"authors": 0, "posts": 0, "images": 0}
    home = configure_site().root_page
    blog_index = get_blog_index(home)

    authors = []
    for number, (name, bio) in enumerate(AUTHORS):
        author = Author.objects.filter(slug=slugify(name)).first()
        if author is None:
            avatar = get_or_create_image(f"Avatar: {name}", 1000 + number, size=(320, 320))
            author = Author.objects.create(name=name, slug=slugify(name), bio=bio, avatar=avatar)
            created["authors"] += 1
        authors.append(author)

    now = timezone.now()
    iterator = range(posts)
    if progress is not None:
        iterator = progress(iterator)
    for number in iterator:
        topic, tag = TOPICS[number % len(TOPICS)]
        title = TITLE_FORMS[(number // len(TOPICS)) % len(TITLE_FORMS)].format(t=topic)
        if number >= len(TOPICS) * len(TITLE_FORMS):
            title += f" (part {number // (len(TOPICS) * len(TITLE_FORMS)) + 1})"
        slug = slugify(title)
        if BlogPage.objects.child_of(blog_index).filter(slug=slug).exists():
            continue
        image_title = f"Hero: {topic} {number % 6}"
        image = get_or_create_image(image_title, number % 6)
        post_rng = random.Random(number)
        published = now - timedelta(days=(posts - number) * 2, hours=post_rng.randint(0, 20))
        post = BlogPage(
            title=title,
            slug=slug,
            excerpt=f"{title}: lessons, code and numbers from a real project, in about five minutes.",
            body=post_markdown(post_rng, topic, image.pk),
            date=published.date(),
            hero_image=image,
            hero_alt=f"Abstract illustration for a post about {topic}",
            search_description=f"{title} — practical notes on {topic} from the Folio writers.",
        )
        post.tags.add(tag, rng.choice(TOPICS)[1])
        lead, *others = post_rng.sample(authors, 2)
        post.page_authors.add(BlogPageAuthor(author=lead, sort_order=0))
        if post_rng.random() < 0.3:
            post.page_authors.add(BlogPageAuthor(author=others[0], sort_order=1))
        blog_index.add_child(instance=post)
        post.save_revision().publish()
        BlogPage.objects.filter(pk=post.pk).update(first_published_at=published, last_published_at=published)
        created["posts"] += 1

    created["images"] = get_image_model().objects.count()
    return created

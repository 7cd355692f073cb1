"""
Demo readers, a moderator, comments, likes and reports for ``seed_demo``, spread
over the last 30 days so the admin dashboard has something to show. Idempotent:
users are looked up by username, and activity is only added while no demo
comment exists.
"""

import random
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from blog.models import BlogPage
from community import notifications, services
from community.models import Comment, Profile, WriterRequest

DEMO_PASSWORD = "folio-demo-password"  # noqa: S105 (only set on the embedded default, DEBUG on)

READERS = [
    ("amira", "Amira K.", "Reads everything about databases."),
    ("ben_t", "Ben Turner", "Frontend person, occasional heckler."),
    ("chloe", "Chloé Martin", "Technical writer in Lyon."),
    ("dmitri", "Dmitri", "SRE. Asks about p99s."),
    ("eun-ji", "Eun-ji Park", "Learning Django, loving it."),
    ("farid", "Farid", ""),
    ("grace.h", "Grace H.", "Accessibility auditor."),
    ("hugo", "Hugo", "Lurker turned commenter."),
]
MODERATOR = ("moderator", "Mo Derator", "Keeps the comments kind.")

OPENERS = [
    "Great write-up, thanks! The part about **{t}** matched our experience exactly.",
    "We tried something similar with {t} last year. The _feedback loop_ point is the key one.",
    "Could you share the numbers behind the table? Curious how {t} behaves under load.",
    "Bookmarked. One question: how do you handle rollbacks with {t}?",
    "I disagree a little: for small teams, {t} can be overkill. Still a good read.",
    "This is the clearest explanation of {t} I've read. See also [the docs](https://example.com/docs).",
]
REPLIES = [
    "Same here, especially the bit about measuring first.",
    "Good question, I'd like to know too.",
    "We solved that with feature flags and a boring `ALTER TABLE`.",
    "Fair point, but it pays off quickly once you have more than one service.",
    "Thanks! Fixed a typo in my own notes because of this.",
    "> Measure before you change anything.\n\nThis, a hundred times.",
]


def _user(username, display_name, bio, groups=()):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        user = User(username=username, email=f"{username}@demo.folio.local")
        # Demo accounts can sign in only on the embedded default.
        if settings.DEBUG:
            user.set_password(DEMO_PASSWORD)
        else:
            user.set_unusable_password()
        user.save()
        Profile.objects.update_or_create(user=user, defaults={"display_name": display_name, "bio": bio})
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user, created


def seed(days=30, seed_value=20261126):
    """Create demo community activity; returns counts of what was created."""
    with notifications.muted():
        return _seed(days, seed_value)


def _seed(days, seed_value):
    rng = random.Random(seed_value)
    readers, new_users = [], 0
    for username, display_name, bio in READERS:
        user, created = _user(username, display_name, bio)
        readers.append(user)
        new_users += created
    moderator, created = _user(*MODERATOR, groups=["Moderators"])
    new_users += created
    counts = {"users": new_users, "comments": 0, "likes": 0, "reports": 0}

    if Comment.objects.filter(author__in=readers).exists():
        return counts
    now = timezone.now()

    def moment():
        return now - timedelta(
            days=rng.randint(0, days - 1), hours=rng.randint(0, 23), minutes=rng.randint(0, 59)
        )

    posts = list(BlogPage.objects.live().public().order_by("-first_published_at")[:16])
    if not posts:
        return counts
    all_comments = []
    for post in posts:
        topic = post.title.split(":")[0]
        for _ in range(rng.randint(1, 5)):
            created = moment()
            top = _comment(post, rng.choice(readers), rng.choice(OPENERS).format(t=topic), created=created)
            all_comments.append(top)
            parent = top
            for _ in range(rng.randint(0, 3)):
                created = min(now, created + timedelta(hours=rng.randint(1, 30)))
                reply = _comment(
                    post, rng.choice([*readers, moderator]), rng.choice(REPLIES), parent, created=created
                )
                all_comments.append(reply)
                if reply.depth < 2 and rng.random() < 0.5:
                    parent = reply
    counts["comments"] = len(all_comments)

    # A few comments that need a moderator: one held, one hidden, two reported.
    _comment(
        posts[0],
        readers[-1],
        "First comment, hello everyone!",
        status=Comment.Status.PENDING,
        created=moment(),
    )
    spam = _comment(
        posts[1 % len(posts)], readers[5], "Buy cheap followers at [this site](https://spam.example)!"
    )
    for reporter, reason in ((readers[0], "Spam link"), (readers[2], "Advertising, not a comment")):
        services.report_comment(spam, reporter, reason)
        counts["reports"] += 1
    _comment(posts[0], readers[5], "An off-topic rant.", status=Comment.Status.HIDDEN, created=moment())
    WriterRequest.objects.get_or_create(
        user=readers[2],
        status=WriterRequest.Status.PENDING,
        defaults={"message": "I'd love to write about docs tooling."},
    )

    post_likes = [
        (post, user, moment()) for post in posts for user in rng.sample(readers, rng.randint(0, len(readers)))
    ]
    comment_likes = [
        (comment, user, max(comment.created, moment()))
        for comment in all_comments
        for user in rng.sample(readers, rng.randint(0, 3))
        if user.pk != comment.author_id
    ]
    for post, user, created in post_likes:
        services.like_post(post, user, created=created)
    for comment, user, created in comment_likes:
        services.like_comment(comment, user, created=created)
    counts["likes"] = len(post_likes) + len(comment_likes)
    return counts


def _comment(post, author, body, parent=None, status=Comment.Status.VISIBLE, created=None):
    """Demo comments are visible unless said otherwise, whatever the "hold" setting."""
    return services.post_comment(post, author, body, parent, status=status, created=created)

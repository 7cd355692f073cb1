"""Demo content for the home page: its featured posts (the posts come from ``blog.demo``)."""

from blog.models import BlogPage
from home.models import HomePage, HomePageFeaturedPost


def feature_latest_posts(count=3):
    """Feature the ``count`` newest live posts, unless the editors chose some already."""
    home = HomePage.objects.get()
    if home.featured_posts.exists():
        return
    for order, post in enumerate(BlogPage.objects.live().order_by("-first_published_at")[:count]):
        HomePageFeaturedPost.objects.create(page=home, post=post, sort_order=order)
    home.save_revision().publish()

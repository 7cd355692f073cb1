"""The outbox through the test client: what a page of it costs."""

import pytest

pytestmark = pytest.mark.django_db

OUTBOX_PAGE_QUERIES = 10
"""The actor (3), its posts and their count, and one query per prefetched relation."""


def test_a_page_of_the_outbox_costs_the_same_queries_for_one_post_or_many(
    client, make_author, make_post, make_image, count_queries
):
    ada = make_author(name="Ada Lindqvist", slug="ada-lindqvist")

    def add_post(n):
        make_post(
            authors=[ada, make_author(name=f"Co-author {n}")],
            hero_image=make_image(seed=n),
            hero_alt="A hero",
            tags=[f"tag-{n}", "shared"],
        )

    def outbox_page():
        client.get("/ap/authors/ada-lindqvist/outbox/?page=1")  # the first makes the renditions
        with count_queries() as context:
            response = client.get("/ap/authors/ada-lindqvist/outbox/?page=1")
        assert response.status_code == 200
        return len(response.json()["orderedItems"]), len(context)

    add_post(1)
    assert outbox_page() == (1, OUTBOX_PAGE_QUERIES)
    add_post(2)
    add_post(3)
    assert outbox_page() == (3, OUTBOX_PAGE_QUERIES)

"""Fixtures for the search tests: a few posts to find, and a draft that must stay hidden."""

import pytest


@pytest.fixture
def posts(make_post, make_author):
    ada = make_author(name="Ada Lovelace")
    make_post(title="Analytical engines", body="Notes on the difference engine.", authors=[ada])
    make_post(title="Gardening", excerpt="Tomatoes and basil", body="Soil.", tags=["outdoors"])
    make_post(title="Hidden draft about engines", body="engine", publish=False)

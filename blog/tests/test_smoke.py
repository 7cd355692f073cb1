def test_published_post_is_listed(api_client, make_post):
    post = make_post(title="Hello")
    response = api_client.get("/api/v2/pages/", {"type": "blog.BlogPage", "fields": "*"})
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [post.pk]

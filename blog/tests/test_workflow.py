"""Editorial roles: an Author writes and submits, a Moderator approves and publishes."""

import pytest
from django.contrib.auth.models import Group, User
from wagtail.models import Workflow

pytestmark = pytest.mark.django_db


def make_user(username, group):
    user = User.objects.create_user(username, f"{username}@example.com", "pw")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def author_user():
    return make_user("writer", "Authors")


@pytest.fixture
def moderator():
    return make_user("mod", "Moderators")


@pytest.fixture
def authored_draft(make_post, author_user):
    post = make_post(title="Author draft", publish=False)
    post.owner = author_user
    post.save()
    return post


def test_roles_exist_with_admin_access():
    for name in ("Editors", "Moderators", "Authors"):
        group = Group.objects.get(name=name)
        assert group.permissions.filter(codename="access_admin").exists()


def test_an_author_can_edit_their_own_draft_but_not_publish_it(authored_draft, author_user):
    permissions = authored_draft.permissions_for_user(author_user)
    assert permissions.can_edit()
    assert not permissions.can_publish()


def test_an_author_cannot_edit_someone_elses_post(make_post, author_user):
    other = make_post(title="Someone else's")
    assert not other.permissions_for_user(author_user).can_edit()


def test_moderators_and_editors_can_publish(authored_draft, moderator):
    assert authored_draft.permissions_for_user(moderator).can_publish()
    editor = make_user("ed", "Editors")
    assert authored_draft.permissions_for_user(editor).can_publish()


def test_submitting_for_moderation_waits_for_a_moderator_then_publishes(
    authored_draft, author_user, moderator
):
    workflow = authored_draft.get_workflow()
    assert isinstance(workflow, Workflow) and workflow.name == "Moderators approval"

    state = workflow.start(authored_draft, author_user)
    task_state = state.current_task_state
    task = task_state.task.specific
    # the author has nothing to approve; the moderator does
    assert task.get_actions(authored_draft, author_user) == []
    assert "approve" in [action[0] for action in task.get_actions(authored_draft, moderator)]
    authored_draft.refresh_from_db()
    assert not authored_draft.live

    task.on_action(task_state, moderator, "approve")
    authored_draft.refresh_from_db()
    assert authored_draft.live


def test_the_admin_refuses_an_authors_direct_publish(client, authored_draft, author_user):
    client.force_login(author_user)
    response = client.get(f"/admin/pages/{authored_draft.pk}/edit/")
    assert response.status_code == 200
    assert b'name="action-publish"' not in response.content
    assert b'name="action-submit"' in response.content

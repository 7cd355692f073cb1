"""
cms/settings.py: what follows from ``FRONTEND_URL`` is derived in one place, in
debug and production alike, and the file states each setting once.
"""

import ast
import re
import secrets
from collections import Counter
from pathlib import Path

import pytest

from conftest import settings_from_environment

MUTATING_METHODS = {"append", "extend", "insert", "update", "setdefault", "pop", "remove", "clear"}
SETTINGS_FILE = Path(__file__).resolve().parent.parent / "cms" / "settings.py"

FRONTEND = "https://reader.example"
ADMIN = "https://cms.example"
MODES = {
    "debug": {"DJANGO_DEBUG": "true"},
    "production": {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "cms.example",
    },
}


@pytest.fixture
def build(monkeypatch):
    """Settings built by cms/settings.py for a mode and variables, with no origins configured beyond them."""
    for name in ("CORS_EXTRA_ORIGINS", "CSRF_TRUSTED_ORIGINS", "WAGTAILAPI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)

    def build(mode, **env):
        return settings_from_environment(monkeypatch, **MODES[mode], **env)

    return build


@pytest.mark.parametrize("mode", MODES)
class TestDerivedFromFrontendURL:
    def test_cors_csrf_and_preview_follow_the_frontend_url(self, build, mode):
        values = build(mode, FRONTEND_URL=FRONTEND + "/", WAGTAILADMIN_BASE_URL=ADMIN)
        assert values["DEBUG"] is (mode == "debug")
        assert values["FRONTEND_URL"] == FRONTEND
        assert values["CORS_ALLOWED_ORIGINS"] == [FRONTEND]
        assert values["CSRF_TRUSTED_ORIGINS"] == [FRONTEND, ADMIN]
        preview = values["WAGTAIL_HEADLESS_PREVIEW"]
        assert preview["CLIENT_URLS"] == {"default": f"{FRONTEND}/api/preview/"}
        assert preview["SERVE_BASE_URL"] == FRONTEND
        assert values["WAGTAILAPI_BASE_URL"] == ADMIN

    def test_extra_cors_origins_add_and_csrf_trusted_origins_replace(self, build, mode):
        values = build(
            mode,
            FRONTEND_URL=FRONTEND,
            WAGTAILADMIN_BASE_URL=ADMIN,
            CORS_EXTRA_ORIGINS="https://app.example, https://beta.example",
            CSRF_TRUSTED_ORIGINS="https://only.example",
        )
        assert values["CORS_ALLOWED_ORIGINS"] == [FRONTEND, "https://app.example", "https://beta.example"]
        assert values["CSRF_TRUSTED_ORIGINS"] == ["https://only.example"]

    def test_no_frontend_means_no_empty_origin(self, build, mode):
        values = build(mode, FRONTEND_URL="", WAGTAILADMIN_BASE_URL=ADMIN)
        assert values["CORS_ALLOWED_ORIGINS"] == []
        assert values["CSRF_TRUSTED_ORIGINS"] == [ADMIN]


@pytest.mark.django_db
def test_a_moved_frontend_is_granted_cors_and_the_old_one_is_not(build, settings, api_client):
    old_frontend = settings.FRONTEND_URL
    values = build("debug", FRONTEND_URL=FRONTEND, WAGTAILADMIN_BASE_URL=ADMIN)
    settings.CORS_ALLOWED_ORIGINS = values["CORS_ALLOWED_ORIGINS"]
    granted = api_client.get("/api/v2/pages/", HTTP_ORIGIN=FRONTEND)
    refused = api_client.get("/api/v2/pages/", HTTP_ORIGIN=old_frontend)
    assert granted["Access-Control-Allow-Origin"] == FRONTEND
    assert "Access-Control-Allow-Origin" not in refused


def test_the_test_settings_derive_their_origins_from_their_own_frontend(settings):
    assert settings.FRONTEND_URL == "http://frontend.test"
    assert settings.CORS_ALLOWED_ORIGINS == [settings.FRONTEND_URL]
    assert settings.CSRF_TRUSTED_ORIGINS == [settings.FRONTEND_URL, settings.WAGTAILADMIN_BASE_URL]
    assert settings.WAGTAIL_HEADLESS_PREVIEW["SERVE_BASE_URL"] == settings.FRONTEND_URL


# --- The file itself ---------------------------------------------------------------


def assignment_counts(statements):
    """How many times each UPPERCASE name is bound; ``if``/``else`` branches exclude each other."""
    counts = Counter()
    for statement in statements:
        if isinstance(statement, ast.If):
            body, orelse = assignment_counts(statement.body), assignment_counts(statement.orelse)
            counts.update(body | orelse)  # the larger count of the two branches
            continue
        targets = []
        if isinstance(statement, ast.Assign):
            targets = statement.targets
        elif isinstance(statement, ast.AnnAssign | ast.AugAssign):
            targets = [statement.target]
        for target in targets:
            names = target.elts if isinstance(target, ast.Tuple) else [target]
            counts.update(name.id for name in names if isinstance(name, ast.Name) and name.id.isupper())
    return counts


def settings_module():
    return ast.parse(SETTINGS_FILE.read_text())


def test_each_setting_is_assigned_once():
    twice = {name: n for name, n in assignment_counts(settings_module().body).items() if n > 1}
    assert twice == {}


def test_no_setting_is_changed_after_it_is_assigned():
    module = settings_module()
    changes = []
    for node in ast.walk(module):
        if isinstance(node, ast.AugAssign) and getattr(node.target, "id", "").isupper():
            changes.append(f"line {node.lineno}: {node.target.id} {type(node.op).__name__}=")
        targets = node.targets if isinstance(node, ast.Assign) else []
        for target in targets:
            base = target
            while isinstance(base, ast.Subscript):
                base = base.value
            if base is not target and getattr(base, "id", "").isupper():
                changes.append(f"line {node.lineno}: {base.id}[...] =")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in MUTATING_METHODS
            and getattr(node.func.value, "id", "").isupper()
        ):
            changes.append(f"line {node.lineno}: {node.func.value.id}.{node.func.attr}(...)")
    assert changes == []


@pytest.mark.parametrize("name", ["INSTALLED_APPS", "MIDDLEWARE"])
def test_apps_and_middleware_are_one_literal_each(name):
    [value] = [
        node.value
        for node in settings_module().body
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets)
    ]
    assert isinstance(value, ast.List)
    assert all(isinstance(item, ast.Constant) and isinstance(item.value, str) for item in value.elts)


def test_no_section_or_comment_is_named_after_an_issue():
    assert re.findall(r"#.*\bissue\s*#?\d+", SETTINGS_FILE.read_text(), flags=re.IGNORECASE) == []


class TestRevalidateSecret:
    """Every local process on the embedded default shares the secret scripts/run keeps."""

    def test_the_embedded_default_reads_the_secret_file(self, monkeypatch, tmp_path):
        secret_file = tmp_path / "revalidate-secret"
        secret_file.write_text("from-scripts-run\n")
        monkeypatch.delenv("REVALIDATE_SECRET", raising=False)
        monkeypatch.delenv("DATABASE_URL", raising=False)
        built = settings_from_environment(monkeypatch, REVALIDATE_SECRET_FILE=str(secret_file))
        assert built["REVALIDATE_SECRET"] == "from-scripts-run"

    def test_the_environment_wins_and_a_server_database_never_reads_the_file(self, monkeypatch, tmp_path):
        secret_file = tmp_path / "revalidate-secret"
        secret_file.write_text("from-scripts-run\n")
        monkeypatch.delenv("REVALIDATE_SECRET", raising=False)
        production = settings_from_environment(
            monkeypatch, REVALIDATE_SECRET_FILE=str(secret_file), DATABASE_URL="postgres://db.example/folio"
        )
        assert production["REVALIDATE_SECRET"] == ""
        chosen = settings_from_environment(
            monkeypatch, REVALIDATE_SECRET="chosen", DATABASE_URL="sqlite:///x"
        )
        assert chosen["REVALIDATE_SECRET"] == "chosen"

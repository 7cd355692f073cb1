"""The deploy files in the repo point at things that exist and behave as documented."""

import importlib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def eb_config():
    return yaml.safe_load((ROOT / ".ebextensions" / "01_django.config").read_text())


def test_elastic_beanstalk_wsgi_path_is_importable():
    module, _, attribute = eb_config()["option_settings"]["aws:elasticbeanstalk:container:python"][
        "WSGIPath"
    ].partition(":")
    assert callable(getattr(importlib.import_module(module), attribute))


def test_health_check_path_is_the_healthz_probe():
    options = eb_config()["option_settings"]
    assert options["aws:elasticbeanstalk:environment:process:default"]["HealthCheckPath"] == "/healthz"


def test_migrations_run_once_per_deploy_on_the_leader_only():
    commands = eb_config()["container_commands"]
    migrate = next(c for c in commands.values() if "migrate" in c["command"])
    assert migrate["leader_only"] is True
    assert any("collectstatic" in c["command"] for c in commands.values())


def test_production_is_chosen_by_environment_not_code():
    environment = eb_config()["option_settings"]["aws:elasticbeanstalk:application:environment"]
    assert environment["DJANGO_DEBUG"] == "false"
    assert "DJANGO_SECRET_KEY" not in environment and "DATABASE_URL" not in environment


def test_procfile_runs_gunicorn_with_keep_alive_workers_and_a_celery_worker():
    processes = dict(
        line.split(": ", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line.strip()
    )
    assert processes["web"].startswith("gunicorn cms.wsgi:application")
    assert "--worker-class gthread" in processes["web"] and "--keep-alive" in processes["web"]
    assert "--no-control-socket" in processes["web"]
    assert processes["worker"].startswith("celery -A cms worker")


def test_amplify_builds_the_frontend_app_root():
    config = yaml.safe_load((ROOT / "amplify.yml").read_text())
    [app] = config["applications"]
    assert app["appRoot"] == "frontend"
    assert "npm ci" in " ".join(app["frontend"]["phases"]["preBuild"]["commands"])


def test_the_test_command_collects_every_apps_tests():
    """An app whose tests pytest never collects is an app CI never tests."""
    import configparser

    root = Path(__file__).resolve().parent.parent
    config = configparser.ConfigParser()
    config.read(root / "pytest.ini")
    testpaths = set(config["pytest"]["testpaths"].split())
    apps_with_tests = {path.parent.parent.name for path in root.glob("*/tests/__init__.py")}
    assert apps_with_tests - testpaths == set()

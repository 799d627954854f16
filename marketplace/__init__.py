"""Hanoi environmental-industry supplier marketplace."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter, Map

from marketplace import config, db, errors, extensions

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Application factory: config → db → login → babel → blueprints → errors → cli."""
    app = Flask(
        __name__,
        instance_path=str(config.instance_path()),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.from_mapping(config.load_settings())
    if overrides:
        app.config.from_mapping(overrides)
    config.check_production(app.config)
    os.makedirs(app.instance_path, exist_ok=True)

    proxies = int(app.config.get("TRUSTED_PROXIES", 0))
    if proxies:
        # The client's address and scheme as the trusted proxies saw them; the Host
        # header is not taken from them (e-mail links use PUBLIC_BASE_URL anyway).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
    db.init_app(app)
    _init_extensions(app)
    # Before the routes: an id in a URL fits the database's integers, or the page is 404.
    app.url_map.converters["int"] = BoundedInt
    _register_blueprints(app)
    errors.init_app(app)
    _register_cli(app)
    return app


class BoundedInt(IntegerConverter):
    """`<int:...>` up to 2**63 - 1: a larger number is no route (404), never an
    OverflowError from the driver (500)."""

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(url_map, *args, **kwargs)


def _init_extensions(app: Flask) -> None:
    from marketplace.accounts import auth

    extensions.csrf.init_app(app)
    extensions.babel.init_app(
        app,
        locale_selector=extensions.select_locale,
        default_translation_directories=str(PROJECT_ROOT / "translations"),
    )
    from marketplace.accounts import throttle  # registers the database storage

    extensions.limiter.init_app(app)
    throttle.init_app(app)
    extensions.talisman.init_app(
        app,
        force_https=bool(app.config["FORCE_HTTPS"]),
        session_cookie_secure=bool(app.config["SESSION_COOKIE_SECURE"]),
        content_security_policy=extensions.CONTENT_SECURITY_POLICY,
        strict_transport_security=bool(app.config["FORCE_HTTPS"]),
        referrer_policy="strict-origin-when-cross-origin",
    )
    auth.init_app(app)
    from marketplace.main import links, templating

    templating.init_app(app)
    links.init_app(app)
    from marketplace import i18n

    i18n.init_app(app)
    from marketplace.jobs import services as jobs

    jobs.init_app(app)
    from marketplace import search_sync

    search_sync.init_app(app)
    from marketplace.audit import tracking

    tracking.init_app()
    from marketplace import verification
    from marketplace.notifications import views as notifications_views

    verification.init_app(app)
    from marketplace import rfqs

    rfqs.init_app(app)
    notifications_views.init_app(app)
    from marketplace import inquiries

    inquiries.init_app(app)
    from marketplace.products import publication

    publication.init_app(app)
    from marketplace import buyers

    buyers.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from marketplace.accounts import admin_views, invitation_views  # noqa: F401 - their routes
    from marketplace.accounts.views import bp as accounts_bp
    from marketplace.api.views import bp as api_bp
    from marketplace.audit.views import bp as audit_bp
    from marketplace.categories.views import bp as categories_bp
    from marketplace.jobs.views import bp as jobs_bp
    from marketplace.main.views import bp as main_bp
    from marketplace.officials.views import bp as officials_bp
    from marketplace.products.catalogue_views import bp as catalogue_bp
    from marketplace.products.views import bp as products_bp
    from marketplace.quality.views import bp as quality_bp
    from marketplace.searches.views import bp as searches_bp
    from marketplace.share.records_views import bp as share_records_bp
    from marketplace.share.report_views import bp as share_report_bp
    from marketplace.share.views import bp as share_bp
    from marketplace.statistics.views import bp as statistics_bp
    from marketplace.suppliers.views import bp as suppliers_bp

    for bp in (main_bp, accounts_bp, categories_bp, suppliers_bp, products_bp, searches_bp, api_bp):
        app.register_blueprint(bp)
    app.register_blueprint(jobs_bp)
    app.register_blueprint(officials_bp)
    app.register_blueprint(share_bp)
    app.register_blueprint(share_records_bp)
    app.register_blueprint(share_report_bp)
    app.register_blueprint(audit_bp)
    from marketplace.notifications.views import bp as notifications_bp
    from marketplace.verification.views import bp as verification_bp

    app.register_blueprint(verification_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(quality_bp)
    app.register_blueprint(statistics_bp)
    app.register_blueprint(catalogue_bp)
    from marketplace.inquiries.views import bp as inquiries_bp

    app.register_blueprint(inquiries_bp)
    from marketplace.buyers.views import bp as buyers_bp

    app.register_blueprint(buyers_bp)
    from marketplace.rfqs import supplier_views  # noqa: F401 - its routes
    from marketplace.rfqs.views import bp as rfqs_bp

    app.register_blueprint(rfqs_bp)
    extensions.csrf.exempt(api_bp)


def _register_cli(app: Flask) -> None:
    from marketplace.accounts.cli import accounts_cli
    from marketplace.audit.cli import audit_cli
    from marketplace.buyers.cli import buyers_cli
    from marketplace.demo.cli import demo_cli
    from marketplace.officials.cli import officials_cli
    from marketplace.registry.cli import registry_cli
    from marketplace.rfqs.cli import rfqs_cli
    from marketplace.searches.cli import search_cli
    from marketplace.share.cli import share_cli

    for group in (
        accounts_cli,
        audit_cli,
        buyers_cli,
        officials_cli,
        registry_cli,
        demo_cli,
        search_cli,
        share_cli,
        rfqs_cli,
    ):
        app.cli.add_command(group)
    from marketplace import cli_errors

    cli_errors.init_app(app)

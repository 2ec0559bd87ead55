"""``corridors admin ...``: operator tasks run on the server's machine."""

from __future__ import annotations

from typing import Annotated

import typer

from corridors.cli import app
from corridors.cli._common import console, print_json

admin_app = typer.Typer(
    help="Operator tasks: first organization, migrations.", no_args_is_help=True
)
app.add_typer(admin_app, name="admin")


@admin_app.command()
def bootstrap(
    name: Annotated[str, typer.Option(help="name of the first organization")],
    kind: Annotated[
        str,
        typer.Option(help="shipper, forwarder, carrier, railway, port, customs or ministry"),
    ] = "forwarder",
    country: Annotated[
        str | None, typer.Option(help="ISO 3166-1 alpha-2 (required for customs)")
    ] = None,
    database_url: Annotated[
        str | None, typer.Option(help="SQLAlchemy URL [CORRIDORS_DATABASE_URL]")
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="machine output")] = False,
) -> None:
    """Create the first organization (with the admin role) and print its API key once."""
    from pydantic import ValidationError

    from corridors.errors import InvalidInput
    from corridors.settings import load_settings
    from corridors.store import Database, upgrade
    from corridors.tracking.context import Context
    from corridors.tracking.orgs import create_organization
    from corridors.tracking.schemas import OrganizationCreate

    settings = load_settings(database_url=database_url)
    try:
        data = OrganizationCreate.model_validate({"name": name, "kind": kind, "country": country})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "organization"
        raise InvalidInput(f"{where}: {first['msg']}", field=where) from None
    db = Database(settings.database_url)
    try:
        upgrade(db)
        created = create_organization(Context(db=db), data, caller=None, bootstrap=True)
    finally:
        db.dispose()
    if json_output:
        print_json(created.model_dump(mode="json"))
        return
    org = created.organization
    console.print(f"Created organization [bold]{org.name}[/] ({org.kind}) id {org.id}")
    console.print(f"Roles: {', '.join(org.roles)}")
    console.print("API key (shown once, store it now):")
    console.print(created.api_key.key, highlight=False, soft_wrap=True)


@admin_app.command()
def migrate(
    database_url: Annotated[
        str | None, typer.Option(help="SQLAlchemy URL [CORRIDORS_DATABASE_URL]")
    ] = None,
) -> None:
    """Apply the database migrations (the server also does this on start)."""
    from corridors.settings import load_settings
    from corridors.store import Database, current_revision, upgrade

    settings = load_settings(database_url=database_url)
    db = Database(settings.database_url)
    try:
        upgrade(db)
        console.print(f"database at revision {current_revision(db)}")
    finally:
        db.dispose()

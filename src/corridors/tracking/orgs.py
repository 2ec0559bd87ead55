"""Organizations and their API keys; authentication of a bearer key.

A key looks like ``crd_<10 alphanumerics>_<43 url-safe characters>`` (about 256 bits of secret).
The database keeps the first 14 characters (to find the row) and the SHA-256 of the whole key; a
slow password hash buys nothing for a random 256-bit secret, and the comparison is constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
import uuid
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from corridors.errors import Conflict, InvalidInput, NotFound
from corridors.store.models import ApiKey, Organization
from corridors.store.types import utcnow
from corridors.tracking.context import Caller, Context, Forbidden
from corridors.tracking.schemas import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyPublic,
    OrganizationCreate,
    OrganizationCreated,
    OrganizationPublic,
    OrganizationUpdate,
)

__all__ = [
    "DEFAULT_ROLES",
    "AuthError",
    "authenticate",
    "create_key",
    "create_organization",
    "get_organization",
    "list_keys",
    "list_organizations",
    "revoke_key",
    "update_organization",
]

KEY_PREFIX = "crd_"
_PREFIX_LEN = len(KEY_PREFIX) + 10
_ALNUM = string.ascii_lowercase + string.digits
_LAST_USED_RESOLUTION = timedelta(minutes=10)

DEFAULT_ROLES: dict[str, list[str]] = {
    "shipper": ["book", "publish"],
    "forwarder": ["book", "publish"],
    "carrier": ["publish"],
    "railway": ["publish"],
    "port": ["publish"],
    "customs": ["publish"],
    "ministry": [],
}


class AuthError(Exception):
    """Missing, malformed, unknown or revoked key (the API answers 401)."""


def _new_key() -> tuple[str, str, str]:
    """(key, prefix, sha256 hex)."""
    prefix = KEY_PREFIX + "".join(secrets.choice(_ALNUM) for _ in range(10))
    key = f"{prefix}_{secrets.token_urlsafe(32)}"
    return key, prefix, _digest(key)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _add_key(session: Session, org_id: str, name: str) -> ApiKeyCreated:
    key, prefix, digest = _new_key()
    row = ApiKey(id=str(uuid.uuid4()), org_id=org_id, name=name, prefix=prefix, key_hash=digest)
    session.add(row)
    session.flush()
    return ApiKeyCreated(**ApiKeyPublic.model_validate(row).model_dump(), key=key)


def create_organization(
    ctx: Context, data: OrganizationCreate, *, caller: Caller | None, bootstrap: bool = False
) -> OrganizationCreated:
    """Create an organization and its first key. Needs the admin role, except for bootstrap."""
    if not bootstrap:
        if caller is None:
            raise Forbidden("creating organizations needs an admin key")
        caller.require("admin", "create organizations")
    roles = list(data.roles) if data.roles is not None else list(DEFAULT_ROLES[data.kind])
    if bootstrap and "admin" not in roles:
        roles = ["admin", *roles]
    try:
        with ctx.db.write() as session:
            if bootstrap and session.scalar(select(Organization.id).limit(1)) is not None:
                raise Conflict(
                    "the platform already has organizations; bootstrap only creates the first",
                    hint="create further organizations with an admin key: "
                    "POST /api/v1/organizations",
                )
            org = Organization(
                id=str(uuid.uuid4()),
                name=data.name,
                kind=data.kind,
                country=data.country,
                roles=sorted(set(roles)),
            )
            session.add(org)
            session.flush()
            key = _add_key(session, org.id, "default")
            return OrganizationCreated(
                organization=OrganizationPublic.model_validate(org), api_key=key
            )
    except IntegrityError:
        raise Conflict(
            f"an organization named {data.name!r} already exists", field="name"
        ) from None


def list_organizations(ctx: Context) -> list[OrganizationPublic]:
    """The directory: every organization's id, name, kind and country (to name parties)."""
    with ctx.db.read() as session:
        rows = session.scalars(select(Organization).order_by(Organization.name)).all()
        return [OrganizationPublic.model_validate(r) for r in rows]


def get_organization(ctx: Context, org_id: str) -> OrganizationPublic:
    with ctx.db.read() as session:
        org = session.get(Organization, org_id)
        if org is None:
            raise NotFound(f"organization {org_id!r} not found", field="org_id")
        return OrganizationPublic.model_validate(org)


def update_organization(
    ctx: Context, org_id: str, data: OrganizationUpdate, *, caller: Caller
) -> OrganizationPublic:
    caller.require("admin", "change organizations")
    try:
        with ctx.db.write() as session:
            org = session.get(Organization, org_id)
            if org is None:
                raise NotFound(f"organization {org_id!r} not found", field="org_id")
            if data.name is not None:
                org.name = data.name
            if data.country is not None:
                org.country = data.country
            if data.roles is not None:
                if org.id == caller.org_id and "admin" not in data.roles:
                    raise InvalidInput(
                        "an admin organization cannot remove its own admin role",
                        hint="grant admin to another organization first",
                        field="roles",
                    )
                org.roles = sorted(set(data.roles))
            session.flush()
            return OrganizationPublic.model_validate(org)
    except IntegrityError:
        raise Conflict(
            f"an organization named {data.name!r} already exists", field="name"
        ) from None


def _may_manage_keys(caller: Caller, org_id: str) -> None:
    if caller.org_id != org_id and "admin" not in caller.roles:
        # Other organizations' keys are not the caller's business: say "not found".
        raise NotFound(f"organization {org_id!r} not found", field="org_id")


def create_key(ctx: Context, org_id: str, data: ApiKeyCreate, *, caller: Caller) -> ApiKeyCreated:
    _may_manage_keys(caller, org_id)
    with ctx.db.write() as session:
        if session.get(Organization, org_id) is None:
            raise NotFound(f"organization {org_id!r} not found", field="org_id")
        return _add_key(session, org_id, data.name)


def list_keys(ctx: Context, org_id: str, *, caller: Caller) -> list[ApiKeyPublic]:
    _may_manage_keys(caller, org_id)
    with ctx.db.read() as session:
        if session.get(Organization, org_id) is None:
            raise NotFound(f"organization {org_id!r} not found", field="org_id")
        rows = session.scalars(
            select(ApiKey).where(ApiKey.org_id == org_id).order_by(ApiKey.created_at)
        ).all()
        return [ApiKeyPublic.model_validate(r) for r in rows]


def revoke_key(ctx: Context, org_id: str, key_id: str, *, caller: Caller) -> None:
    _may_manage_keys(caller, org_id)
    with ctx.db.write() as session:
        row = session.get(ApiKey, key_id)
        if row is None or row.org_id != org_id:
            raise NotFound(f"API key {key_id!r} not found", field="key_id")
        if row.revoked_at is None:
            row.revoked_at = utcnow()


def authenticate(ctx: Context, token: str) -> Caller:
    """The organization behind a bearer key, or :class:`AuthError`."""
    if not token.startswith(KEY_PREFIX) or len(token) < _PREFIX_LEN + 2:
        raise AuthError("malformed API key")
    prefix = token[:_PREFIX_LEN]
    with ctx.db.read() as session:
        found = session.execute(
            select(ApiKey, Organization)
            .join(Organization, Organization.id == ApiKey.org_id)
            .where(ApiKey.prefix == prefix)
        ).first()
    if found is None:
        # Spend the same work as a real comparison so timing does not reveal unknown prefixes.
        hmac.compare_digest(_digest(token), "0" * 64)
        raise AuthError("unknown API key")
    key, org = found
    if not hmac.compare_digest(_digest(token), key.key_hash):
        raise AuthError("unknown API key")
    if key.revoked_at is not None:
        raise AuthError("this API key was revoked")
    now = utcnow()
    if key.last_used_at is None or now - key.last_used_at > _LAST_USED_RESOLUTION:
        # Coarse on purpose: one write per key per 10 minutes, not one per request.
        with ctx.db.write() as session:
            row = session.get(ApiKey, key.id)
            if row is not None:
                row.last_used_at = now
    return Caller(
        org_id=org.id,
        name=org.name,
        kind=org.kind,
        country=org.country,
        roles=tuple(org.roles),
        key_id=key.id,
    )

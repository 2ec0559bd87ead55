"""Organizations (the directory, creation by an admin) and their API keys."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from corridors.api.deps import CallerDep, CtxDep
from corridors.api.problems import problem_responses
from corridors.tracking import orgs
from corridors.tracking.schemas import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyPublic,
    OrganizationCreate,
    OrganizationCreated,
    OrganizationPublic,
    OrganizationUpdate,
)

router = APIRouter(
    prefix="/organizations", tags=["organizations"], responses=problem_responses(401, 422)
)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(403, 409),
    summary="Create an organization and its first API key (admin)",
)
def create_organization(
    ctx: CtxDep, caller: CallerDep, data: OrganizationCreate
) -> OrganizationCreated:
    return orgs.create_organization(ctx, data, caller=caller)


@router.get("", summary="The directory of organizations (to name shipment parties)")
def list_organizations(ctx: CtxDep, caller: CallerDep) -> list[OrganizationPublic]:
    return orgs.list_organizations(ctx)


@router.get("/me", summary="The organization of the calling key")
def read_me(ctx: CtxDep, caller: CallerDep) -> OrganizationPublic:
    return orgs.get_organization(ctx, caller.org_id)


@router.get("/{org_id}", responses=problem_responses(404))
def read_organization(ctx: CtxDep, caller: CallerDep, org_id: str) -> OrganizationPublic:
    return orgs.get_organization(ctx, org_id)


@router.patch(
    "/{org_id}",
    responses=problem_responses(403, 404, 409),
    summary="Rename, set country or roles (admin)",
)
def update_organization(
    ctx: CtxDep, caller: CallerDep, org_id: str, data: OrganizationUpdate
) -> OrganizationPublic:
    return orgs.update_organization(ctx, org_id, data, caller=caller)


@router.post(
    "/{org_id}/keys",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(404),
    summary="Issue another API key (own organization, or admin); the key is shown once",
)
def create_key(ctx: CtxDep, caller: CallerDep, org_id: str, data: ApiKeyCreate) -> ApiKeyCreated:
    return orgs.create_key(ctx, org_id, data, caller=caller)


@router.get("/{org_id}/keys", responses=problem_responses(404))
def list_keys(ctx: CtxDep, caller: CallerDep, org_id: str) -> list[ApiKeyPublic]:
    return orgs.list_keys(ctx, org_id, caller=caller)


@router.delete(
    "/{org_id}/keys/{key_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(404),
    summary="Revoke an API key",
)
def revoke_key(ctx: CtxDep, caller: CallerDep, org_id: str, key_id: str) -> Response:
    orgs.revoke_key(ctx, org_id, key_id, caller=caller)
    return Response(status_code=status.HTTP_204_NO_CONTENT)

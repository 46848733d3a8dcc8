import { notFound, TmfError, type Principal } from "@cop-pilot/tmf-server";

// Who may see and change what in the platform expansion: platform admins and
// API clients everything, a domain owner only their own organization's
// identities, clusters and Domain Orchestrators.

export const platformAdmins = { roles: ["platformAdmin"] } as const;
export const expansionUsers = { roles: ["platformAdmin", "domainOwner"] } as const;

/** Returns the organization the caller is limited to, or undefined when the caller sees every organization. */
export function organizationScope(principal: Principal): string | undefined {
  if (principal.kind === "apiClient" || principal.role === "platformAdmin") return undefined;
  if (principal.role !== "domainOwner") throw new TmfError("forbidden", `Role ${principal.role} may not use the platform expansion`);
  if (!principal.organizationId) {
    throw new TmfError("forbidden", "Your account belongs to no organization; ask a platform admin to link it to your organization");
  }
  return principal.organizationId;
}

/** Throws the 404 of a missing entity when the caller may not see one of `organizationId`, so that ids do not leak. */
export function assertOrganizationAccess(principal: Principal, organizationId: string, type: string, id: string): void {
  const scope = organizationScope(principal);
  if (scope !== undefined && scope !== organizationId) throw notFound(type, id);
}

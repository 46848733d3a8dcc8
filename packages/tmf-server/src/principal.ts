/** Roles of the platform's users. API clients (other components) authenticate with a bearer token instead. */
export const roles = ["platformAdmin", "domainOwner", "serviceDesigner", "businessAdmin", "customer"] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  platformAdmin: "Platform admin",
  domainOwner: "Domain owner",
  serviceDesigner: "Service designer",
  businessAdmin: "Business admin",
  customer: "Customer",
};

export type Principal =
  | { kind: "apiClient"; id: string; name: string }
  | { kind: "user"; id: string; name: string; email: string; role: Role; organizationId?: string | null };

/** Resolves the caller of a request, or null when it carries no valid credentials. */
export type Authenticator = (request: Request) => Promise<Principal | null>;

export interface AccessRule {
  /** User roles allowed; API clients are allowed unless `apiClients` is false. */
  roles: readonly Role[];
  apiClients?: boolean;
}

export function isAllowed(principal: Principal, rule: AccessRule): boolean {
  if (principal.kind === "apiClient") return rule.apiClients !== false;
  return rule.roles.includes(principal.role);
}

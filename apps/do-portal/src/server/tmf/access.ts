import "server-only";
import { roles, type AccessRule, type Role } from "@cop-pilot/tmf-server";

// Who may call which TMF API of a DO. API clients (the ESO, with this DO's
// API_TOKEN) pass every rule here.

/** Any signed-in user: the catalogue is what the DO offers, so every role may browse it. */
export const everyone: AccessRule = { roles };

/** Roles that design the service catalogue. */
export const catalogDesigners: AccessRule = { roles: ["domainOwner", "serviceDesigner"] };

/** Roles that see orders, the inventory and the infrastructure of the domain. */
export const domainStaff: AccessRule = { roles: ["domainOwner", "serviceDesigner", "platformAdmin"] };

/** Roles that place and change orders, services, resources and parties. */
export const domainOwners: AccessRule = { roles: ["domainOwner"] };

/** Roles that may open the portal. */
export const portalRoles: readonly Role[] = ["domainOwner", "serviceDesigner", "platformAdmin"];

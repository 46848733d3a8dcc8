import { TmfError, isAllowed, roles, type AccessRule, type Principal } from "@cop-pilot/tmf-server";

// Who may do what in the BMP. API clients (other components, scripts) are
// allowed by every rule here; users by their role.

/** Every signed-in user. */
export const signedInUsers: AccessRule = { roles };
/** Managers of the product catalogue. */
export const businessAdmins: AccessRule = { roles: ["businessAdmin"] };
/** Roles that may place and cancel product orders. */
export const orderPlacers: AccessRule = { roles: ["customer"] };
/** Roles that may read product orders: customers their own, business admins all. */
export const orderReaders: AccessRule = { roles: ["customer", "businessAdmin"] };

/** Throws a 403 TMF error unless `principal` passes `rule`; server actions call it as the route wrapper does. */
export function assertAllowed(principal: Principal, rule: AccessRule, action: string): void {
  if (!isAllowed(principal, rule)) throw new TmfError("forbidden", `Your role may not ${action}`);
}

/** Returns true for a signed-in customer, who may read only launched offerings and only their own orders. */
export function isCustomer(principal: Principal): boolean {
  return principal.kind === "user" && principal.role === "customer";
}

/** Returns the owner of an order the principal places: the user id, or the API client name. */
export function customerIdOf(principal: Principal): string {
  return principal.kind === "user" ? principal.id : principal.name;
}

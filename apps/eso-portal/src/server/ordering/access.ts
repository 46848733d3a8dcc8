import { sql, type SQL } from "drizzle-orm";
import { notFound, type Principal, type Role } from "@cop-pilot/tmf-server";
import { schema } from "../db";

/** Roles that see every order; customers and domain owners see only the orders they placed. */
export const orderOperators: readonly Role[] = ["platformAdmin", "serviceDesigner"];
export const orderReaders = { roles: ["platformAdmin", "serviceDesigner", "customer", "domainOwner"] } as const;
export const orderWriters = { roles: ["platformAdmin", "serviceDesigner", "customer", "domainOwner"] } as const;

const requesterRole = "Requester";

/** Builds the relatedParty entry naming the signed-in user who placed an order. API clients name their own parties. */
export function requesterParty(principal: Principal) {
  if (principal.kind !== "user") return undefined;
  return { id: principal.id, name: principal.name, role: requesterRole, "@referredType": "Individual" };
}

function seesAllOrders(principal: Principal): boolean {
  return principal.kind === "apiClient" || orderOperators.includes(principal.role);
}

/** Builds the condition that limits a list of orders to those the signed-in user with this id placed. */
export function placedByCondition(userId: string): SQL {
  const vars = JSON.stringify({ id: userId, role: requesterRole });
  return sql`jsonb_path_exists(${schema.serviceOrder.document}, '$.relatedParty[*] ? (@.id == $id && @.role == $role)'::jsonpath, ${vars}::jsonb)`;
}

/** Builds the condition that limits a list of orders to those the caller may see, or undefined when the caller sees all. */
export function visibleOrdersCondition(principal: Principal): SQL | undefined {
  if (seesAllOrders(principal)) return undefined;
  return placedByCondition(principal.id);
}

/** Throws the same 404 as for a missing order when the caller may not see this one, so that ids do not leak. */
export function assertOrderVisible(principal: Principal, document: { id: string; relatedParty?: unknown }): void {
  if (seesAllOrders(principal)) return;
  const parties = Array.isArray(document.relatedParty) ? (document.relatedParty as { id?: string; role?: string }[]) : [];
  if (!parties.some((party) => party.id === principal.id && party.role === requesterRole)) throw notFound("ServiceOrder", document.id);
}

import { eq, sql } from "drizzle-orm";
import { notFound, TmfError, type Principal } from "@cop-pilot/tmf-server";
import { schema, type EsoDb } from "../db";
import { publishDocumentChange } from "../events";
import { assertOrderVisible } from "./access";
import { isFinalOrderState } from "./states";
import type { ServiceOrderDocument } from "./types";

/**
 * Deletes a service order in a final state with its state history, DO
 * delegations and idempotency keys. An order still running must be
 * cancelled first (409), because its DO orders would otherwise lose their
 * ESO side. An order that brought up services is kept too (409): the ESO
 * finds the services that modify and delete orders name through it.
 * Cancellation requests stay, as their own TMF641 resources.
 */
export async function deleteServiceOrder(db: EsoDb, principal: Principal, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.execute<{ document: ServiceOrderDocument }>(sql`select document from ${schema.serviceOrder} where id = ${id} for update`);
    if (!row) throw notFound("ServiceOrder", id);
    assertOrderVisible(principal, row.document);
    if (!isFinalOrderState(row.document.state)) {
      throw new TmfError("conflict", `Service order "${id}" is ${row.document.state}; only an order in a final state can be deleted, so cancel it first`);
    }
    const broughtUp = row.document.serviceOrderItem.filter((item) => item.action === "add" && item.state === "completed" && item.service.id);
    if (broughtUp.length > 0) {
      throw new TmfError(
        "conflict",
        `Service order "${id}" brought up ${broughtUp.length} service(s), which modify and delete orders reach through it; it cannot be deleted`,
      );
    }
    await tx.delete(schema.serviceOrderDelegation).where(eq(schema.serviceOrderDelegation.serviceOrderId, id));
    await tx.delete(schema.serviceOrderIdempotencyKey).where(eq(schema.serviceOrderIdempotencyKey.serviceOrderId, id));
    await tx.delete(schema.serviceOrder).where(eq(schema.serviceOrder.id, id));
    await publishDocumentChange(tx, "serviceOrder", row.document, undefined);
  });
}

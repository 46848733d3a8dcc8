import { sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { finalServiceOrderStates } from "@cop-pilot/tmf-schemas";
import { TmfError } from "./errors";
import type { Db } from "./store";

/** A TMF641 order table: the order's state beside its full document. */
export interface ServiceOrderTable {
  table: PgTable;
  state: PgColumn;
  document: PgColumn;
}

/** One service change that is not final yet. */
export interface OpenServiceChange {
  serviceId: string;
  serviceOrderId: string;
  itemId: string;
  action: string;
}

const finalItemStates = ["completed", "failed", "cancelled", "rejected"];

/**
 * Serialises changes to the named services: takes one transaction-scoped
 * advisory lock per service, in a fixed order so that two orders naming the
 * same services cannot deadlock. Call it inside the transaction that stores
 * the order, then look for open changes; a concurrent order naming the same
 * service waits here until this transaction ends, and then sees its order.
 */
export async function lockServiceChanges(tx: Db, serviceIds: readonly string[]): Promise<void> {
  for (const id of [...new Set(serviceIds)].sort()) {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`cop-pilot:service-change:${id}`}, 0))`);
  }
}

/** Returns the modify and delete items, in orders that are not final, that name one of the services and are not final themselves. */
export async function findOpenServiceChanges(tx: Db, orders: ServiceOrderTable, serviceIds: readonly string[]): Promise<OpenServiceChange[]> {
  if (serviceIds.length === 0) return [];
  const ids = sql.join([...new Set(serviceIds)].map((id) => sql`${id}`), sql`, `);
  const finalOrders = sql.join(finalServiceOrderStates.map((state) => sql`${state}`), sql`, `);
  const finalItems = sql.join(finalItemStates.map((state) => sql`${state}`), sql`, `);
  const result = await tx.execute(sql`
    select item->'service'->>'id' as "serviceId", ${orders.document}->>'id' as "serviceOrderId", item->>'id' as "itemId", item->>'action' as "action"
    from ${orders.table}, jsonb_array_elements(${orders.document}->'serviceOrderItem') as item
    where ${orders.state} not in (${finalOrders})
      and item->>'action' in ('modify', 'delete')
      and item->'service'->>'id' in (${ids})
      and coalesce(item->>'state', 'acknowledged') not in (${finalItems})`);
  // postgres-js returns the rows as the result itself, node-postgres under `rows`.
  return (Array.isArray(result) ? result : (result as unknown as { rows: OpenServiceChange[] }).rows) as OpenServiceChange[];
}

/**
 * Rejects with 409 a modify or delete of a service that another order is
 * still changing, because two changes in flight would reach the cluster in any order.
 * Runs in the transaction that stores the new order, after
 * `lockServiceChanges`, so two simultaneous orders cannot both pass.
 */
export async function assertNoOpenServiceChange(tx: Db, orders: ServiceOrderTable, items: readonly { id: string; action: string; service: { id?: string } }[]): Promise<void> {
  const changes = items.filter((item) => (item.action === "modify" || item.action === "delete") && item.service.id !== undefined);
  const serviceIds = changes.map((item) => item.service.id!);
  await lockServiceChanges(tx, serviceIds);
  const open = await findOpenServiceChanges(tx, orders, serviceIds);
  const problems: string[] = [];
  for (const item of changes) {
    const earlier = open.find((change) => change.serviceId === item.service.id);
    if (earlier) {
      problems.push(
        `serviceOrderItem ${item.id}: service ${item.service.id} is being changed by service order ${earlier.serviceOrderId} (item ${earlier.itemId}, ${earlier.action}); wait until that order ends`,
      );
    }
  }
  const seen = new Map<string, string>();
  for (const item of changes) {
    const other = seen.get(item.service.id!);
    if (other !== undefined) problems.push(`serviceOrderItem ${item.id}: service ${item.service.id} is already changed by item ${other} of this order`);
    seen.set(item.service.id!, item.id);
  }
  if (problems.length > 0) throw new TmfError("conflict", problems.join("; "));
}

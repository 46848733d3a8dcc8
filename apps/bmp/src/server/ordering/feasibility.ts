import { and, eq, notInArray } from "drizzle-orm";
import { bmpSchema } from "@cop-pilot/db";
import type { Db, Principal } from "@cop-pilot/tmf-server";
import { finalProductOrderStates } from "@cop-pilot/tmf-schemas";
import { env } from "@/env";
import { customerIdOf } from "../access";
import type { ProductOrderDocument, ProductOrderItemDocument } from "./documents";
import type { OrderProblem } from "./validation";

// Feasibility and business policy: the checks of an order that depend on
// what else is ordered, not on the order alone.

const { productOrder } = bmpSchema;

export interface OrderChecksSettings {
  /** Open (not final) orders a customer may have at once. */
  maxActiveOrdersPerCustomer: number;
  /** Replicas the orders of this BMP may take in one domain. */
  domainReplicaCapacity: number;
}

function settingsOf(overrides: Partial<OrderChecksSettings> | undefined): OrderChecksSettings {
  return {
    maxActiveOrdersPerCustomer: overrides?.maxActiveOrdersPerCustomer ?? env().MAX_ACTIVE_ORDERS_PER_CUSTOMER,
    domainReplicaCapacity: overrides?.domainReplicaCapacity ?? env().DOMAIN_REPLICA_CAPACITY,
  };
}

// Orders that ended without deploying anything hold no capacity.
const releasedStates = ["failed", "cancelled", "rejected"];

function replicasOf(service: { serviceCharacteristic: { name: string; value: unknown }[] }): number {
  const value = service.serviceCharacteristic.find((characteristic) => characteristic.name === "replicas")?.value;
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

function domainKey(domain: { id?: string; name: string } | undefined): string | undefined {
  return domain ? (domain.id ?? domain.name) : undefined;
}

const dayMs = 24 * 60 * 60 * 1000;

/**
 * Returns true when a deployed service has ended: the domain terminates a
 * service `orderDuration` days after it was deployed, counted here from the
 * order's completion.
 */
function hasEnded(service: { serviceCharacteristic: { name: string; value: unknown }[] }, completionDate: string | undefined, now: Date): boolean {
  const days = service.serviceCharacteristic.find((characteristic) => characteristic.name === "orderDuration")?.value;
  if (!completionDate || typeof days !== "number") return false;
  return Date.parse(completionDate) + days * dayMs <= now.getTime();
}

/**
 * Sums the replicas per domain that the items ask for, leaving out services
 * that have ended. Items of orders stored before `realizingService` existed
 * carry no domain and count nowhere.
 */
function replicasByDomain(items: readonly ProductOrderItemDocument[], now: Date, completionDate?: string): Map<string, { name: string; replicas: number }> {
  const totals = new Map<string, { name: string; replicas: number }>();
  for (const item of items) {
    for (const service of item.realizingService ?? []) {
      const key = domainKey(service.domain);
      if (!key || releasedStates.includes(item.state) || hasEnded(service, completionDate, now)) continue;
      const entry = totals.get(key) ?? { name: service.domain!.name, replicas: 0 };
      entry.replicas += replicasOf(service);
      totals.set(key, entry);
    }
  }
  return totals;
}

/**
 * Checks that the replicas the new items ask for fit in each target
 * domain, next to the replicas of the BMP's orders that are open or whose
 * services still run (until their `orderDuration` has passed). Reports a problem on the `replicas`
 * characteristic of each item that asks for replicas in a full domain.
 *
 * NOTE: the capacity is the limit declared in DOMAIN_REPLICA_CAPACITY, the
 * same for every domain, not what the domains report: the ESO does not
 * expose the capacity of its domains yet. Services deployed by other
 * systems in the same domain are not counted.
 */
export async function checkReplicaCapacity(db: Db, items: readonly ProductOrderItemDocument[], overrides?: Partial<OrderChecksSettings>, now = new Date()): Promise<OrderProblem[]> {
  const requested = replicasByDomain(items, now);
  if (requested.size === 0) return [];
  const { domainReplicaCapacity } = settingsOf(overrides);

  // NOTE: this reads every order that has not failed or been cancelled; an index on the domains would be needed for many thousands of orders.
  const rows = await db.select({ document: productOrder.document }).from(productOrder).where(notInArray(productOrder.state, releasedStates));
  const committed = new Map<string, { name: string; replicas: number }>();
  for (const row of rows) {
    const order = row.document as ProductOrderDocument;
    for (const [key, entry] of replicasByDomain(order.productOrderItem, now, order.completionDate)) {
      const total = committed.get(key) ?? { name: entry.name, replicas: 0 };
      total.replicas += entry.replicas;
      committed.set(key, total);
    }
  }

  const problems: OrderProblem[] = [];
  for (const [key, { name, replicas }] of requested) {
    const inUse = committed.get(key)?.replicas ?? 0;
    const free = Math.max(0, domainReplicaCapacity - inUse);
    if (replicas <= free) continue;
    for (const item of items) {
      for (const service of item.realizingService ?? []) {
        if (domainKey(service.domain) !== key || replicasOf(service) === 0) continue;
        const prefix = service.productOffering ? `productOrderItem.${item.id}.productOrderItem.${service.productOffering.id}` : `productOrderItem.${item.id}`;
        problems.push({
          field: `${prefix}.product.productCharacteristic.replicas`,
          rule: "feasibility",
          itemId: item.id,
          characteristic: "replicas",
          ...(service.productOffering ? { bundledOfferingId: service.productOffering.id } : {}),
          message: `${name} has room for ${free} more replicas (${inUse} of ${domainReplicaCapacity} in use), and this order asks for ${replicas}; choose fewer replicas or order later`,
        });
      }
    }
  }
  return problems;
}

/** Checks the business policy on open orders: a customer may have at most the configured number open at once. API clients are exempt. */
export async function checkActiveOrderPolicy(db: Db, principal: Principal, overrides?: Partial<OrderChecksSettings>): Promise<OrderProblem[]> {
  if (principal.kind !== "user") return [];
  const { maxActiveOrdersPerCustomer } = settingsOf(overrides);
  const open = await db
    .select({ id: productOrder.id })
    .from(productOrder)
    .where(and(eq(productOrder.customerId, customerIdOf(principal)), notInArray(productOrder.state, [...finalProductOrderStates])));
  if (open.length < maxActiveOrdersPerCustomer) return [];
  return [
    {
      field: "productOrder",
      rule: "policy",
      message: `you have ${open.length} open orders, and a customer may have at most ${maxActiveOrdersPerCustomer} at once; wait until one completes or cancel one`,
    },
  ];
}

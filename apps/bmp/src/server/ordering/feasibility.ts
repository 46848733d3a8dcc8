import { and, eq, notInArray } from "drizzle-orm";
import { createLogger } from "@cop-pilot/logger";
import { bmpSchema } from "@cop-pilot/db";
import type { Db, Principal } from "@cop-pilot/tmf-server";
import { finalProductOrderStates } from "@cop-pilot/tmf-schemas";
import { env } from "@/env";
import { customerIdOf } from "../access";
import type { ProductOrderDocument, ProductOrderItemDocument } from "./documents";
import { fetchDomainCapacities, type DomainCapacityReport } from "./domain-capacity";
import type { OrderProblem } from "./validation";

// Feasibility and business policy: the checks of an order that depend on
// what else is ordered, not on the order alone.

const { productOrder } = bmpSchema;
const log = createLogger("feasibility");

export interface OrderChecksSettings {
  /** Open (not final) orders a customer may have at once. */
  maxActiveOrdersPerCustomer: number;
}

function settingsOf(overrides: Partial<OrderChecksSettings> | undefined): OrderChecksSettings {
  return {
    maxActiveOrdersPerCustomer: overrides?.maxActiveOrdersPerCustomer ?? env().MAX_ACTIVE_ORDERS_PER_CUSTOMER,
  };
}

// Items that ended without deploying anything hold no capacity.
const releasedStates = ["failed", "cancelled", "rejected"];

function replicasOf(service: { serviceCharacteristic: { name: string; value: unknown }[] }): number {
  const value = service.serviceCharacteristic.find((characteristic) => characteristic.name === "replicas")?.value;
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

function domainKey(domain: { id?: string; name: string } | undefined): string | undefined {
  return domain ? (domain.id ?? domain.name) : undefined;
}

/**
 * Sums the replicas per domain that the items ask for. Items of orders
 * stored before `realizingService` existed carry no domain and count nowhere.
 */
function replicasByDomain(items: readonly ProductOrderItemDocument[]): Map<string, { name: string; replicas: number }> {
  const totals = new Map<string, { name: string; replicas: number }>();
  for (const item of items) {
    for (const service of item.realizingService ?? []) {
      const key = domainKey(service.domain);
      if (!key || releasedStates.includes(item.state)) continue;
      const entry = totals.get(key) ?? { name: service.domain!.name, replicas: 0 };
      entry.replicas += replicasOf(service);
      totals.set(key, entry);
    }
  }
  return totals;
}

/** Path of the field of a service's characteristic in the TMF622 body, up to the characteristic name. */
function serviceFieldPrefix(item: ProductOrderItemDocument, service: NonNullable<ProductOrderItemDocument["realizingService"]>[number]): string {
  return service.productOffering ? `productOrderItem.${item.id}.productOrderItem.${service.productOffering.id}` : `productOrderItem.${item.id}`;
}

/** Sums the replicas per domain of this BMP's orders that the ESO has not accepted yet, so the domains cannot count them. */
async function replicasNotYetSent(db: Db): Promise<Map<string, number>> {
  const rows = await db.select({ document: productOrder.document }).from(productOrder).where(eq(productOrder.state, "acknowledged"));
  const pending = new Map<string, number>();
  for (const row of rows) {
    const order = row.document as ProductOrderDocument;
    for (const [key, entry] of replicasByDomain(order.productOrderItem)) pending.set(key, (pending.get(key) ?? 0) + entry.replicas);
  }
  return pending;
}

/**
 * Checks the new items against the capacity the target domains report
 * through the ESO. An item that asks a domain for more replicas than are
 * available there, less those of this BMP's orders the ESO has not accepted
 * yet, gets a problem on its `replicas` characteristic. An item for a domain
 * that the ESO reports unreachable, or does not know, gets a problem on its
 * offering, because nothing can be deployed there now. When the ESO itself
 * cannot be reached, or a domain reports no capacity, the check passes: the
 * order is stored and delivered later, and the DO decides.
 *
 * NOTE: orders the ESO accepted whose deployments the DO has not created yet
 * count nowhere until the DO reports them.
 */
export async function checkReplicaCapacity(
  db: Db,
  items: readonly ProductOrderItemDocument[],
  readCapacities: () => Promise<DomainCapacityReport> = fetchDomainCapacities,
): Promise<OrderProblem[]> {
  const requested = replicasByDomain(items);
  if (requested.size === 0) return [];
  const report = await readCapacities();
  if (!report.reachable) {
    log.warn({ reason: report.reason }, "ordering without a capacity check because the ESO could not be reached");
    return [];
  }

  const pending = await replicasNotYetSent(db);
  const problems: OrderProblem[] = [];
  for (const [key, { name, replicas }] of requested) {
    const capacity = report.domains.get(key);
    if (capacity?.status === "notReported") {
      log.info({ domain: key, reason: capacity.reason }, "ordering without a capacity check because the domain reports no capacity");
      continue;
    }
    const unknownReason =
      capacity === undefined
        ? "the ESO does not know this domain, so nothing can be deployed there; choose another offering"
        : capacity.status === "unreachable"
          ? `the ESO cannot reach this domain (${capacity.reason ?? "no reason given"}), so its free capacity is unknown and nothing can be deployed there now; order later`
          : undefined;
    for (const item of items) {
      for (const service of item.realizingService ?? []) {
        if (domainKey(service.domain) !== key) continue;
        if (unknownReason !== undefined) {
          problems.push({ field: `productOrderItem.${item.id}.productOffering`, rule: "feasibility", itemId: item.id, message: `${name}: ${unknownReason}` });
          continue;
        }
        const reported = capacity!.replicasAvailable ?? 0;
        const notYetSent = pending.get(key) ?? 0;
        const free = Math.max(0, reported - notYetSent);
        if (replicas <= free || replicasOf(service) === 0) continue;
        problems.push({
          field: `${serviceFieldPrefix(item, service)}.product.productCharacteristic.replicas`,
          rule: "feasibility",
          itemId: item.id,
          characteristic: "replicas",
          ...(service.productOffering ? { bundledOfferingId: service.productOffering.id } : {}),
          message: `${name} has room for ${free} more replicas (the domain reports ${reported} available${notYetSent > 0 ? `, ${notYetSent} of them held by orders not yet sent` : ""}), and this order asks for ${replicas}; choose fewer replicas or order later`,
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

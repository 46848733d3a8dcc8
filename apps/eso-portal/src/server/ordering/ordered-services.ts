import { and, eq, sql } from "drizzle-orm";
import type { Principal } from "@cop-pilot/tmf-server";
import { schema, type EsoDb } from "../db";
import { visibleOrdersCondition } from "./access";
import { isBundleItem } from "./items";
import type { OrderItemDocument, ServiceOrderDocument } from "./types";

// The ESO keeps no service inventory of its own: the services it brought up
// are the ones its completed `add` items name. A plain item names the DO's
// TMF638 service; a bundle item names an id the ESO assigned, and its parts
// name the DO services.

/** A DO service that an ESO order brought up, with the peer that hosts it. */
export interface OrderedService {
  serviceId: string;
  /** The marketplace specification the service was ordered from. */
  specification: NonNullable<OrderItemDocument["service"]["serviceSpecification"]>;
  /** Null once the peer has been removed from the platform. */
  peerId: string | null;
  peerName: string;
}

export type OrderedServiceLookup =
  | ({ kind: "service" } & OrderedService)
  | {
      kind: "bundle";
      serviceId: string;
      specification: NonNullable<OrderItemDocument["service"]["serviceSpecification"]>;
      /** The parts that completed, and so have a DO service. */
      parts: OrderedService[];
    };

const addedService = '$.serviceOrderItem[*] ? (@.action == "add" && @.service.id == $id)';
const addedPart = '$.serviceOrderItem[*].serviceOrderItem[*] ? (@.action == "add" && @.service.id == $id)';
const deletedService = '$.serviceOrderItem[*] ? (@.action == "delete" && @.state == "completed" && @.service.id == $id)';
const deletedPart = '$.serviceOrderItem[*].serviceOrderItem[*] ? (@.action == "delete" && @.state == "completed" && @.service.id == $id)';

function matches(path: string, vars: string) {
  return sql`jsonb_path_exists(${schema.serviceOrder.document}, ${path}::jsonpath, ${vars}::jsonb)`;
}

async function peerOfItem(db: EsoDb, orderId: string, itemId: string): Promise<{ peerId: string | null; peerName: string } | undefined> {
  const [delegation] = await db
    .select({ peerId: schema.serviceOrderDelegation.peerId, peerName: schema.serviceOrderDelegation.peerName })
    .from(schema.serviceOrderDelegation)
    .where(and(eq(schema.serviceOrderDelegation.serviceOrderId, orderId), sql`${itemId} = any(${schema.serviceOrderDelegation.orderItemIds})`))
    .limit(1);
  return delegation;
}

/**
 * Finds the service with this id among those ESO orders brought up. Returns
 * undefined when no ESO order created it.
 */
// NOTE: the lookup scans the order documents with a JSON path predicate; an ESO with many orders would want a service table with an index.
export async function findOrderedService(db: EsoDb, serviceId: string): Promise<OrderedServiceLookup | undefined> {
  const vars = JSON.stringify({ id: serviceId });
  const [row] = await db
    .select({ document: schema.serviceOrder.document })
    .from(schema.serviceOrder)
    .where(sql`${matches(addedService, vars)} or ${matches(addedPart, vars)}`)
    .orderBy(schema.serviceOrder.lastUpdate)
    .limit(1);
  if (!row) return undefined;
  const order = row.document as ServiceOrderDocument;

  for (const item of order.serviceOrderItem) {
    if (item.service.id === serviceId && isBundleItem(item)) {
      const parts: OrderedService[] = [];
      for (const part of item.serviceOrderItem) {
        if (part.state !== "completed" || part.service.id === undefined || !part.service.serviceSpecification) continue;
        const peer = await peerOfItem(db, order.id, part.id);
        parts.push({ serviceId: part.service.id, specification: part.service.serviceSpecification, peerId: peer?.peerId ?? null, peerName: peer?.peerName ?? "unknown domain" });
      }
      return { kind: "bundle", serviceId, specification: item.service.serviceSpecification!, parts };
    }
    const candidates = isBundleItem(item) ? item.serviceOrderItem : [item];
    const found = candidates.find((candidate) => candidate.service.id === serviceId);
    if (!found?.service.serviceSpecification) continue;
    const peer = await peerOfItem(db, order.id, found.id);
    return { kind: "service", serviceId, specification: found.service.serviceSpecification, peerId: peer?.peerId ?? null, peerName: peer?.peerName ?? "unknown domain" };
  }
  return undefined;
}

/** True when a completed ESO order item deleted the service. */
export async function isServiceDeleted(db: EsoDb, serviceId: string): Promise<boolean> {
  const vars = JSON.stringify({ id: serviceId });
  const [row] = await db
    .select({ id: schema.serviceOrder.id })
    .from(schema.serviceOrder)
    .where(sql`${matches(deletedService, vars)} or ${matches(deletedPart, vars)}`)
    .limit(1);
  return row !== undefined;
}

/** True when the order that brought the service up is one the principal may see. */
export async function isOrderedServiceVisible(db: EsoDb, serviceId: string, principal: Principal): Promise<boolean> {
  const vars = JSON.stringify({ id: serviceId });
  const [row] = await db
    .select({ id: schema.serviceOrder.id })
    .from(schema.serviceOrder)
    .where(and(sql`(${matches(addedService, vars)} or ${matches(addedPart, vars)})`, visibleOrdersCondition(principal)))
    .limit(1);
  return row !== undefined;
}

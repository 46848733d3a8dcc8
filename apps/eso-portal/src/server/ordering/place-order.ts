import { createHash } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { createLogger } from "@cop-pilot/logger";
import { characteristicSpecification, tmfApiPaths, type ServiceOrderCreate } from "@cop-pilot/tmf-schemas";
import { describeProblems, getDocument, insertDocument, newId, resolveCharacteristics, TmfError, type Principal } from "@cop-pilot/tmf-server";
import { z } from "zod";
import { schema, type EsoDb } from "../db";
import type { SpecificationDomain } from "../peering/specifications";
import { requesterParty } from "./access";
import { ordersDomainOrchestrator, placeDomainOrchestratorOrder } from "../expansion/domain-orchestrators";
import { recordHistory } from "./history";
import { domainServiceOrderReferenceType } from "./mirror";
import type { OrderItemDocument, ServiceOrderDocument } from "./types";

const log = createLogger("ordering");

const storedCharacteristics = z.array(characteristicSpecification);

/** An order item after the checks: the marketplace specification, the owning peer and the resolved characteristics. */
interface PlannedItem {
  item: ServiceOrderCreate["serviceOrderItem"][number];
  specification: { id: string; href: string; name: string; version?: string; remoteId: string; remoteHref: string | null };
  peer: { id: string; name: string };
  characteristics: { name: string; valueType?: string; value: unknown }[];
}

export interface PlaceOrderOptions {
  principal: Principal;
  baseUrl: string;
  /** The request's `Idempotency-Key` header, if any. */
  idempotencyKey?: string;
}

export interface PlaceOrderResult {
  order: ServiceOrderDocument;
  /** True when the idempotency key matched an order placed earlier. */
  replayed: boolean;
}

function requestHash(input: ServiceOrderCreate): string {
  return createHash("sha256").update(JSON.stringify(input)).digest("hex");
}

async function findReplay(db: EsoDb, clientId: string, key: string, hash: string): Promise<ServiceOrderDocument | undefined> {
  const [entry] = await db
    .select()
    .from(schema.serviceOrderIdempotencyKey)
    .where(and(eq(schema.serviceOrderIdempotencyKey.clientId, clientId), eq(schema.serviceOrderIdempotencyKey.key, key)))
    .limit(1);
  if (!entry) return undefined;
  if (entry.requestHash !== hash) {
    throw new TmfError("unprocessable", `Idempotency-Key "${key}" was already used for a different order (${entry.serviceOrderId}); send a new key for a new order`);
  }
  return getDocument<ServiceOrderDocument>(db, schema.serviceOrder, "ServiceOrder", entry.serviceOrderId);
}

function assertUniqueItemIds(items: ServiceOrderCreate["serviceOrderItem"]): void {
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) throw new TmfError("invalidBody", `serviceOrderItem: item id "${item.id}" appears more than once`);
    seen.add(item.id);
  }
}

/**
 * Checks every item against the marketplace: the specification is offered by
 * a peered domain, that domain is not unreachable, and the characteristics
 * fit the specification. Problems of all items are reported together.
 */
async function planItems(db: EsoDb, items: ServiceOrderCreate["serviceOrderItem"]): Promise<PlannedItem[]> {
  const problems: string[] = [];
  items.forEach((item) => {
    if (item.action !== "add") {
      problems.push(`serviceOrderItem ${item.id}: action "${item.action}" is not supported; the ESO places new services (action "add") only`);
    }
    if (!item.service.serviceSpecification?.id) problems.push(`serviceOrderItem ${item.id}: service.serviceSpecification.id is required`);
  });
  if (problems.length > 0) throw new TmfError("invalidBody", problems.join("; "));

  const specificationIds = [...new Set(items.map((item) => item.service.serviceSpecification!.id))];
  const rows = await db
    .select({ id: schema.serviceSpecification.id, peerId: schema.serviceSpecification.peerId, remoteId: schema.serviceSpecification.remoteId, document: schema.serviceSpecification.document })
    .from(schema.serviceSpecification)
    .where(inArray(schema.serviceSpecification.id, specificationIds));
  const specificationById = new Map(rows.map((row) => [row.id, row]));
  const peerIds = [...new Set(rows.map((row) => row.peerId).filter((id): id is string => id !== null))];
  const peers = peerIds.length === 0 ? [] : await db.select().from(schema.peer).where(inArray(schema.peer.id, peerIds));
  const peerById = new Map(peers.map((peer) => [peer.id, peer]));

  for (const id of specificationIds) {
    const row = specificationById.get(id);
    if (!row || row.peerId === null || row.remoteId === null || !peerById.has(row.peerId)) {
      throw new TmfError("unprocessable", `Service specification ${id} is not offered by any domain`);
    }
    const peer = peerById.get(row.peerId)!;
    if (peer.availability === "unreachable") {
      throw new TmfError("unavailable", `Service specification ${id} is offered by domain "${peer.name}", which is unreachable; try again once the domain is back`);
    }
  }

  const planned: PlannedItem[] = [];
  for (const item of items) {
    const row = specificationById.get(item.service.serviceSpecification!.id)!;
    const peer = peerById.get(row.peerId!)!;
    const characteristics = storedCharacteristics.safeParse(row.document.specCharacteristic ?? []);
    if (!characteristics.success) throw new TmfError("internal", `Service specification ${row.id} has invalid stored characteristics`);
    const resolved = resolveCharacteristics(characteristics.data, item.service.serviceCharacteristic ?? []);
    if (resolved.problems.length > 0) {
      problems.push(`serviceOrderItem ${item.id}: ${describeProblems(resolved.problems)}`);
      continue;
    }
    const domain = row.document.domain as SpecificationDomain | undefined;
    planned.push({
      item,
      specification: {
        id: row.id,
        href: String(row.document.href),
        name: String(row.document.name),
        version: typeof row.document.version === "string" ? row.document.version : undefined,
        remoteId: row.remoteId!,
        remoteHref: domain?.remoteHref ?? null,
      },
      peer: { id: peer.id, name: peer.name },
      characteristics: resolved.values,
    });
  }
  if (problems.length > 0) throw new TmfError("invalidBody", problems.join("; "));
  return planned;
}

function toOrderItem(planned: PlannedItem): OrderItemDocument {
  const { item, specification } = planned;
  return {
    ...item,
    state: "acknowledged",
    service: {
      ...item.service,
      serviceSpecification: {
        id: specification.id,
        href: specification.href,
        name: specification.name,
        ...(specification.version ? { version: specification.version } : {}),
        "@referredType": "ServiceSpecification",
      },
      serviceCharacteristic: planned.characteristics,
    },
  };
}

/** Builds the TMF641 order sent to one DO: its own specification ids, the resolved characteristics and the ESO order id as externalId. */
function toDelegatedOrder(orderId: string, items: PlannedItem[]): Record<string, unknown> {
  const itemIds = new Set(items.map((planned) => planned.item.id));
  return {
    externalId: orderId,
    description: `Delegated by the End-to-end Service Orchestrator for service order ${orderId}`,
    "@type": "ServiceOrder",
    serviceOrderItem: items.map(({ item, specification, characteristics }) => ({
      id: item.id,
      action: item.action,
      ...(item.quantity !== undefined ? { quantity: item.quantity } : {}),
      // Relationships to items that another domain carries cannot be expressed in this domain's order.
      ...(item.serviceOrderItemRelationship
        ? { serviceOrderItemRelationship: item.serviceOrderItemRelationship.filter((relation) => itemIds.has(relation.orderItem.itemId)) }
        : {}),
      service: {
        ...(item.service.name ? { name: item.service.name } : {}),
        serviceSpecification: {
          id: specification.remoteId,
          ...(specification.remoteHref ? { href: specification.remoteHref } : {}),
          name: specification.name,
          ...(specification.version ? { version: specification.version } : {}),
        },
        serviceCharacteristic: characteristics,
      },
    })),
  };
}

/**
 * Accepts a TMF641 service order. Every check runs before anything is
 * written. The order, its first history row and one delegation per owning
 * domain are stored in one transaction. The order processor then sends the
 * delegations to the DOs.
 */
export async function placeServiceOrder(db: EsoDb, input: ServiceOrderCreate, options: PlaceOrderOptions): Promise<PlaceOrderResult> {
  for (const attribute of ["id", "href", "state", "lastUpdate"] as const) {
    if (attribute in input) throw new TmfError("invalidBody", `${attribute}: is assigned by the server and must not be sent`);
  }
  if (input.externalReference?.some((reference) => reference.externalReferenceType === domainServiceOrderReferenceType)) {
    throw new TmfError("invalidBody", `externalReference: type "${domainServiceOrderReferenceType}" is assigned by the ESO for each order it delegates and must not be sent`);
  }
  if (ordersDomainOrchestrator(input)) {
    // NOTE: an Idempotency-Key is not honoured for these orders yet; the one-DO-per-cluster check rejects a repeated order instead.
    return { order: await placeDomainOrchestratorOrder(db, input, options), replayed: false };
  }
  const clientId = `${options.principal.kind}:${options.principal.id}`;
  const hash = requestHash(input);
  if (options.idempotencyKey !== undefined) {
    const replay = await findReplay(db, clientId, options.idempotencyKey, hash);
    if (replay) return { order: replay, replayed: true };
  }

  assertUniqueItemIds(input.serviceOrderItem);
  const planned = await planItems(db, input.serviceOrderItem);

  const id = newId();
  const now = new Date().toISOString();
  const requester = requesterParty(options.principal);
  const document: ServiceOrderDocument = {
    ...input,
    id,
    href: `${options.baseUrl}${tmfApiPaths.serviceOrdering}/serviceOrder/${id}`,
    "@type": input["@type"] ?? "ServiceOrder",
    state: "acknowledged",
    orderDate: now,
    ...(requester ? { relatedParty: [...(input.relatedParty ?? []), requester] } : {}),
    serviceOrderItem: planned.map(toOrderItem),
  };

  const byPeer = new Map<string, PlannedItem[]>();
  for (const item of planned) byPeer.set(item.peer.id, [...(byPeer.get(item.peer.id) ?? []), item]);

  try {
    const stored = await db.transaction(async (tx) => {
      const order = await insertDocument(tx, schema.serviceOrder, document, { state: "acknowledged", externalId: input.externalId ?? null, nextAttemptAt: new Date() });
      await recordHistory(tx, id, "acknowledged", { message: `Order accepted with ${planned.length} item(s) for ${byPeer.size} domain(s)` });
      for (const [peerId, items] of byPeer) {
        await tx.insert(schema.serviceOrderDelegation).values({
          id: newId(),
          serviceOrderId: id,
          peerId,
          peerName: items[0]!.peer.name,
          orderItemIds: items.map((planned) => planned.item.id),
          orderRequest: toDelegatedOrder(id, items),
        });
      }
      if (options.idempotencyKey !== undefined) {
        await tx.insert(schema.serviceOrderIdempotencyKey).values({ clientId, key: options.idempotencyKey, requestHash: hash, serviceOrderId: id });
      }
      return order;
    });
    log.info({ serviceOrderId: id, items: planned.length, domains: [...byPeer.keys()] }, "service order accepted");
    return { order: stored, replayed: false };
  } catch (error) {
    // Two requests with the same key raced; the one that lost returns the winner's order.
    if (options.idempotencyKey !== undefined && isUniqueViolation(error)) {
      const replay = await findReplay(db, clientId, options.idempotencyKey, hash);
      if (replay) return { order: replay, replayed: true };
    }
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string }; code?: string }) ?? {};
  return cause.code === "23505" || cause.cause?.code === "23505";
}

import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { createLogger, traceparentForLater } from "@cop-pilot/logger";
import { tmfApiPaths, type ServiceOrderCreate } from "@cop-pilot/tmf-schemas";
import { assertNoOpenServiceChange, getDocument, insertDocument, newId, TmfError, type Principal, recordAudit } from "@cop-pilot/tmf-server";
import { schema, type EsoDb } from "../db";
import { publishDocumentChange } from "../events";
import type { SpecificationDomain } from "../peering/specifications";
import { requesterParty } from "./access";
import { ordersDomainOrchestrator, placeDomainOrchestratorOrder } from "../expansion/domain-orchestrators";
import { recordHistory } from "./history";
import { domainServiceOrderReferenceType } from "./mirror";
import { planItems, type DelegatedItem } from "./plan-items";
import type { ServiceOrderDocument } from "./types";
import { enqueueServiceOrderStep } from "./order-jobs";

const log = createLogger("ordering");

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

/** Builds the TMF641 order sent to one DO: its own specification and service ids, the resolved characteristics and the ESO order id as externalId. */
function toDelegatedOrder(orderId: string, items: DelegatedItem[]): Record<string, unknown> {
  const itemIds = new Set(items.map((item) => item.body.id));
  return {
    externalId: orderId,
    description: `Delegated by the End-to-end Service Orchestrator for service order ${orderId}`,
    "@type": "ServiceOrder",
    serviceOrderItem: items.map(({ body, relationships }) => ({
      ...body,
      // Relationships to items that another domain carries cannot be expressed in this domain's order.
      ...(relationships ? { serviceOrderItemRelationship: relationships.filter((relation) => itemIds.has(relation.orderItem.itemId)) } : {}),
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

  const planned = await planItems(db, input.serviceOrderItem, options.principal);

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
    serviceOrderItem: planned.map((item) => item.document),
  };

  const byPeer = new Map<string, DelegatedItem[]>();
  for (const item of planned.flatMap((entry) => entry.delegated)) byPeer.set(item.peer.id, [...(byPeer.get(item.peer.id) ?? []), item]);

  try {
    const stored = await db.transaction(async (tx) => {
      await assertNoOpenServiceChange(tx, { table: schema.serviceOrder, state: schema.serviceOrder.state, document: schema.serviceOrder.document }, document.serviceOrderItem);
      const order = await insertDocument(tx, schema.serviceOrder, document, {
        state: "acknowledged",
        externalId: input.externalId ?? null,
        nextAttemptAt: new Date(),
        traceparent: traceparentForLater(),
      });
      await publishDocumentChange(tx, "serviceOrder", undefined, order);
      await enqueueServiceOrderStep(tx, id);
      await recordHistory(tx, id, "acknowledged", { message: `Order accepted with ${planned.length} item(s) for ${byPeer.size} domain(s)` });
      for (const [peerId, items] of byPeer) {
        await tx.insert(schema.serviceOrderDelegation).values({
          id: newId(),
          serviceOrderId: id,
          peerId,
          peerName: items[0]!.peer.name,
          orderItemIds: items.map((item) => item.body.id),
          orderRequest: toDelegatedOrder(id, items),
        });
      }
      await recordAudit(tx, options.principal, { action: "create", resourceType: "ServiceOrder", resourceId: id, summary: `Placed service order ${id} with ${planned.length} item(s) for ${byPeer.size} domain(s)` });
      if (options.idempotencyKey !== undefined) {
        await tx.insert(schema.serviceOrderIdempotencyKey).values({ clientId, key: options.idempotencyKey, requestHash: hash, serviceOrderId: id });
      }
      return order;
    });
    log.info({ serviceOrderId: id, items: planned.length, domains: [...byPeer.keys()] }, "service order accepted");
    return { order: stored, replayed: false };
  } catch (error) {
    // Two requests with the same key raced; the one that lost returns the winner's order.
    // A change rejected as in progress may be this very order, placed by a concurrent request with the same key.
    if (options.idempotencyKey !== undefined && (isUniqueViolation(error) || (error instanceof TmfError && error.code === "conflict"))) {
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

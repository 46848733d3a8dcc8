import "server-only";
import { createHash } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { Logger } from "@cop-pilot/logger";
import { isOrderable, orderableLifecycleStatuses } from "@cop-pilot/service-design";
import type { Domain } from "@cop-pilot/service-library";
import { tmfApiPaths, type ServiceOrderCreate } from "@cop-pilot/tmf-schemas";
import { TmfError, assertNoOpenServiceChange, describeProblems, identityCharacteristicProblems, newId, recordAudit, resolveCharacteristics, type Db, type Principal } from "@cop-pilot/tmf-server";
import { z } from "zod";
import { schema } from "../db";
import { rejectOrderItemsByRules } from "../policy/checkpoints";
import { deploymentTargetsOf, isCustomerFacing, partIdsOf, planParts, type SpecificationDocument } from "./customer-facing";
import { deploymentIssuesOf } from "./deployment";
import type { EntityRefDocument, ServiceOrderDocument, ServiceOrderItemDocument } from "./documents";
import { changeOrderState, insertHistory } from "./history";
import { isChangeItem, resolveChangeItems } from "./service-changes";
import { afterMilliseconds, findServiceOrder, insertServiceOrder } from "./store";
import { wakeOrderProcessor } from "./order-jobs";

const { serviceSpecification, serviceOrderIdempotencyKey } = schema;

export { orderableLifecycleStatuses };

// Attributes the DO sets; a client that sends them would believe it controls them.
const serverAssignedOrderAttributes = [
  "id",
  "href",
  "lastUpdate",
  "state",
  "orderDate",
  "startDate",
  "completionDate",
  "expectedCompletionDate",
  "cancellationDate",
  "cancellationReason",
  "milestone",
  "errorMessage",
  "jeopardyAlert",
] as const;
const serverAssignedItemAttributes = ["state", "errorMessage"] as const;

/** `Idempotency-Key` header: printable ASCII without spaces, as most HTTP APIs accept. */
export const idempotencyKeySchema = z
  .string()
  .min(1, "Idempotency-Key must not be empty")
  .max(255, "Idempotency-Key must be at most 255 characters")
  .regex(/^[\x21-\x7e]+$/, "Idempotency-Key must contain only printable ASCII characters without spaces");

export interface PlaceServiceOrderInput {
  body: ServiceOrderCreate;
  principal: Principal;
  idempotencyKey?: string;
  baseUrl: string;
  domain: Domain;
  log?: Logger;
}

export interface PlacedServiceOrder {
  order: ServiceOrderDocument;
  /** True when the Idempotency-Key matched an order placed before, which is returned unchanged. */
  replayed: boolean;
}

type StoredSpecification = SpecificationDocument;

// Locale-independent, so that every process sorts keys the same way.
function compareCodeUnits(left: string, right: string): number {
  if (left < right) return -1;
  if (left > right) return 1;
  return 0;
}

/** Serialises JSON with sorted keys, so that the same request hashes the same whatever its key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([left], [right]) => compareCodeUnits(left, right));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function hashRequest(body: ServiceOrderCreate): string {
  return createHash("sha256").update(canonicalJson(body)).digest("hex");
}

function itemLabel(item: { id: string }): string {
  return `serviceOrderItem "${item.id}"`;
}

function rejectServerAssigned(body: ServiceOrderCreate): void {
  const problems: string[] = [];
  for (const attribute of serverAssignedOrderAttributes) {
    if (attribute in body) problems.push(`${attribute}: is assigned by the DO and must not be sent`);
  }
  for (const item of body.serviceOrderItem) {
    for (const attribute of serverAssignedItemAttributes) {
      if (attribute in item) problems.push(`${itemLabel(item)}: ${attribute} is assigned by the DO and must not be sent`);
    }
  }
  if (problems.length > 0) throw new TmfError("invalidBody", problems.join("; "));
}

function checkItemStructure(body: ServiceOrderCreate): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const item of body.serviceOrderItem) {
    if (seen.has(item.id)) problems.push(`${itemLabel(item)}: the id is used by more than one item`);
    seen.add(item.id);
    if (item.action === "add" && !item.service.serviceSpecification) {
      problems.push(`${itemLabel(item)}: service.serviceSpecification is required for action "add"`);
    }
    if (isChangeItem(item) && !item.service.id) {
      problems.push(`${itemLabel(item)}: service.id is required for action "${item.action}"; name the service to change`);
    }
  }
  if (problems.length > 0) throw new TmfError("invalidBody", problems.join("; "));
}

function checkItemActions(body: ServiceOrderCreate): void {
  const problems: string[] = [];
  for (const item of body.serviceOrderItem) {
    if (item.action === "noChange") {
      problems.push(`${itemLabel(item)}: action "noChange" is not supported; use add, modify or delete`);
    } else if (item.quantity !== undefined && item.quantity !== 1) {
      problems.push(`${itemLabel(item)}: quantity ${item.quantity} is not supported; order one service per item`);
    }
  }
  if (problems.length > 0) throw new TmfError("unprocessable", problems.join("; "));
}

async function loadSpecifications(database: Db, ids: string[]): Promise<Map<string, StoredSpecification>> {
  if (ids.length === 0) return new Map();
  const rows = await database
    .select({ document: serviceSpecification.document })
    .from(serviceSpecification)
    .where(inArray(serviceSpecification.id, ids));
  return new Map(rows.map((row) => [row.document.id as string, row.document as unknown as StoredSpecification]));
}

function checkSpecifications(body: ServiceOrderCreate, specifications: Map<string, StoredSpecification>): void {
  const problems: string[] = [];
  for (const item of body.serviceOrderItem.filter((entry) => entry.action === "add")) {
    const id = item.service.serviceSpecification!.id;
    const specification = specifications.get(id);
    if (!specification) {
      problems.push(`${itemLabel(item)}: service specification "${id}" does not exist in this DO`);
    } else if (!isOrderable(specification.lifecycleStatus)) {
      problems.push(
        `${itemLabel(item)}: service specification "${id}" (${specification.name}) is ${specification.lifecycleStatus ?? "without a lifecycleStatus"}; ` +
          `only ${orderableLifecycleStatuses.join(" or ")} specifications can be ordered`,
      );
    }
  }
  if (problems.length > 0) throw new TmfError("unprocessable", problems.join("; "));
}

/** Rejects add items that set an identity characteristic, such as artifactRegistry, to another value than the specification's. */
function checkIdentityCharacteristics(body: ServiceOrderCreate, specifications: Map<string, StoredSpecification>): void {
  const problems: string[] = [];
  for (const item of body.serviceOrderItem.filter((entry) => entry.action === "add")) {
    const specification = specifications.get(item.service.serviceSpecification!.id);
    const found = identityCharacteristicProblems(specification?.specCharacteristic ?? [], item.service.serviceCharacteristic ?? []);
    if (found.length > 0) problems.push(`${itemLabel(item)}: ${describeProblems(found)}`);
  }
  if (problems.length > 0) throw new TmfError("unprocessable", problems.join("; "));
}

function specificationRef(specification: StoredSpecification, requested: EntityRefDocument): EntityRefDocument {
  return {
    ...requested,
    id: specification.id,
    href: specification.href,
    name: specification.name,
    ...(specification.version ? { version: specification.version } : {}),
    "@referredType": "ServiceSpecification",
  };
}

/**
 * Builds the stored items: characteristics checked against the specification,
 * defaults filled in, and for a customer-facing specification the planned
 * resource-facing parts.
 */
function resolveItems(
  body: ServiceOrderCreate,
  specifications: Map<string, StoredSpecification>,
  changes: Map<string, ServiceOrderItemDocument>,
  baseUrl: string,
): ServiceOrderItemDocument[] {
  const problems: string[] = [];
  const partProblems: string[] = [];
  const items = body.serviceOrderItem.map((item): ServiceOrderItemDocument => {
    const change = changes.get(item.id);
    if (change) return change;
    const specification = specifications.get(item.service.serviceSpecification!.id)!;
    const resolved = resolveCharacteristics(specification.specCharacteristic ?? [], item.service.serviceCharacteristic ?? []);
    if (resolved.problems.length > 0) problems.push(`${itemLabel(item)}: ${describeProblems(resolved.problems)}`);
    const planned = isCustomerFacing(specification) && resolved.problems.length === 0 ? planParts(specification, resolved.values, specifications, baseUrl) : undefined;
    if (planned) partProblems.push(...planned.problems.map((problem) => `${itemLabel(item)}: ${problem}`));
    return {
      ...item,
      "@type": item["@type"] ?? "ServiceOrderItem",
      state: "acknowledged",
      service: {
        ...item.service,
        name: item.service.name ?? specification.name,
        serviceSpecification: specificationRef(specification, item.service.serviceSpecification as EntityRefDocument),
        serviceCharacteristic: resolved.values.map((value) => ({
          name: value.name,
          ...(value.valueType ? { valueType: value.valueType } : {}),
          value: value.value,
        })),
        ...(planned ? { supportingService: planned.parts } : {}),
      },
    };
  });
  if (problems.length > 0) throw new TmfError("invalidBody", problems.join("; "));
  if (partProblems.length > 0) throw new TmfError("unprocessable", partProblems.join("; "));
  return items;
}

/**
 * Checks that every add item can become a deployment. A value the order gave
 * is the body's fault (400); a value that came from the specification makes
 * the specification unusable, however the body is written (422).
 */
function checkDeployments(order: Pick<ServiceOrderDocument, "id">, body: ServiceOrderCreate, items: ServiceOrderItemDocument[], domain: Domain): void {
  const invalid: string[] = [];
  const unusable: string[] = [];
  const wrongCluster: string[] = [];
  const given = new Map(body.serviceOrderItem.map((item) => [item.id, new Set((item.service.serviceCharacteristic ?? []).map((entry) => entry.name))]));
  const targets = items.filter((entry) => entry.action === "add").flatMap((item) => deploymentTargetsOf(item).map((target) => ({ item, target })));
  for (const { item, target } of targets) {
    const problems = deploymentIssuesOf(order, target, domain);
    const part = target === item ? "" : ` part "${target.service.name}"`;
    const fromOrder = problems.filter((problem) => problem.characteristic === undefined || given.get(item.id)?.has(problem.characteristic));
    const fromSpecification = problems.filter((problem) => !fromOrder.includes(problem));
    if (fromOrder.length > 0) invalid.push(`${itemLabel(item)}${part}: ${fromOrder.map((problem) => problem.message).join("; ")}`);
    if (fromSpecification.length > 0) {
      const specification = target.service.serviceSpecification;
      unusable.push(
        `${itemLabel(item)}${part}: service specification "${specification?.id}" (${specification?.name}) cannot be deployed: ` +
          `${fromSpecification.map((problem) => problem.message).join("; ")}`,
      );
    }
    const targetCluster = target.service.serviceCharacteristic?.find((characteristic) => characteristic.name === "targetCluster")?.value;
    if (targetCluster !== undefined && targetCluster !== domain.computeCluster) {
      wrongCluster.push(
        `${itemLabel(item)}: targetCluster "${String(targetCluster)}" is not served by this DO; it deploys only into "${domain.computeCluster}"`,
      );
    }
  }
  if (invalid.length > 0) throw new TmfError("invalidBody", invalid.join("; "));
  if (unusable.length > 0 || wrongCluster.length > 0) throw new TmfError("unprocessable", [...unusable, ...wrongCluster].join("; "));
}

async function findByIdempotencyKey(
  database: Db,
  clientId: string,
  key: string,
  requestHash: string,
): Promise<ServiceOrderDocument | undefined> {
  const [row] = await database
    .select({ serviceOrderId: serviceOrderIdempotencyKey.serviceOrderId, requestHash: serviceOrderIdempotencyKey.requestHash })
    .from(serviceOrderIdempotencyKey)
    .where(and(eq(serviceOrderIdempotencyKey.clientId, clientId), eq(serviceOrderIdempotencyKey.key, key)));
  if (!row) return undefined;
  if (row.requestHash !== requestHash) {
    throw new TmfError(
      "unprocessable",
      `Idempotency-Key "${key}" was already used for a different service order (${row.serviceOrderId}); send a new key for a new order`,
    );
  }
  return findServiceOrder(database, row.serviceOrderId);
}

class IdempotencyKeyTaken extends Error {}

/**
 * Validates a TMF641 order and stores it as `acknowledged`, for the order
 * processor to carry out. Nothing is written unless every item passes. An
 * add item needs a specification that is here and orderable, and
 * characteristics that describe a valid deployment. A modify or delete item
 * needs a service it may change, and modify needs valid changes. With an Idempotency-Key
 * that this client used before for the same body, returns the stored order.
 */
export async function placeServiceOrder(database: Db, input: PlaceServiceOrderInput): Promise<PlacedServiceOrder> {
  const { body, principal, idempotencyKey, baseUrl, domain } = input;
  const requestHash = hashRequest(body);

  if (idempotencyKey !== undefined) {
    const existing = await findByIdempotencyKey(database, principal.id, idempotencyKey, requestHash);
    if (existing) return { order: existing, replayed: true };
  }

  rejectServerAssigned(body);
  checkItemStructure(body);
  checkItemActions(body);
  const specifications = await loadSpecifications(database, [
    ...new Set(body.serviceOrderItem.filter((item) => item.action === "add").map((item) => item.service.serviceSpecification!.id)),
  ]);
  checkSpecifications(body, specifications);
  checkIdentityCharacteristics(body, specifications);
  for (const part of (await loadSpecifications(database, partIdsOf(specifications.values()))).values()) specifications.set(part.id, part);
  const changes = await resolveChangeItems(database, body.serviceOrderItem, domain);

  const id = newId();
  const items = resolveItems(body, specifications, changes, baseUrl);
  checkDeployments({ id }, body, items, domain);
  await rejectOrderItemsByRules(database, items);

  const now = new Date();
  const { serviceOrderItem: _items, ...attributes } = body;
  const order: ServiceOrderDocument = {
    ...attributes,
    id,
    href: `${baseUrl}${tmfApiPaths.serviceOrdering}/serviceOrder/${id}`,
    "@type": body["@type"] ?? "ServiceOrder",
    state: "acknowledged",
    orderDate: now.toISOString(),
    serviceOrderItem: items,
  };
  const requestedStart = body.requestedStartDate ? new Date(body.requestedStartDate) : undefined;
  const waitsForStart = requestedStart !== undefined && requestedStart > now;
  const history = changeOrderState(
    order,
    "acknowledged",
    waitsForStart
      ? `Order received from ${principal.name}; deployment starts at the requestedStartDate ${requestedStart.toISOString()}`
      : `Order received from ${principal.name}`,
  );

  try {
    const stored = await database.transaction(async (tx) => {
      await assertNoOpenServiceChange(tx, { table: schema.serviceOrder, state: schema.serviceOrder.state, document: schema.serviceOrder.document }, items);
      const inserted = await insertServiceOrder(tx, order, waitsForStart ? requestedStart : afterMilliseconds(0));
      await insertHistory(tx, [history]);
      if (!waitsForStart) await wakeOrderProcessor(tx);
      await recordAudit(tx, principal, { action: "create", resourceType: "ServiceOrder", resourceId: id, summary: `Placed service order ${id} with ${items.length} item(s)` });
      if (idempotencyKey !== undefined) {
        const claimed = await tx
          .insert(serviceOrderIdempotencyKey)
          .values({ clientId: principal.id, key: idempotencyKey, serviceOrderId: id, requestHash })
          .onConflictDoNothing()
          .returning({ key: serviceOrderIdempotencyKey.key });
        // A concurrent request with the same key committed first: undo this order and return that one.
        if (claimed.length === 0) throw new IdempotencyKeyTaken();
      }
      return inserted;
    });
    input.log?.info({ serviceOrderId: id, externalId: order.externalId, items: items.length, by: principal.name }, "service order acknowledged");
    return { order: stored, replayed: false };
  } catch (error) {
    // A change rejected as in progress may be this very order, placed by a concurrent request with the same key.
    const sameKeyMayHaveWon = error instanceof IdempotencyKeyTaken || (error instanceof TmfError && error.code === "conflict");
    if (!sameKeyMayHaveWon || idempotencyKey === undefined) throw error;
    const existing = await findByIdempotencyKey(database, principal.id, idempotencyKey, requestHash);
    if (!existing && !(error instanceof IdempotencyKeyTaken)) throw error;
    if (!existing) throw new TmfError("conflict", `Idempotency-Key "${idempotencyKey}" is in use by a request that did not finish; retry later`);
    return { order: existing, replayed: true };
  }
}

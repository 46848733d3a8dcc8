import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { traceparentForLater } from "@cop-pilot/logger";
import { z } from "zod";
import { bmpSchema } from "@cop-pilot/db";
import { productOrderCreate, tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { TmfError, insertDocument, invalidBody, newId, type Db, type Principal, recordAudit } from "@cop-pilot/tmf-server";
import { assertAllowed, customerIdOf, orderPlacers } from "../access";
import type { EntityRef, ProductOrderDocument } from "./documents";
import { recordOrderState } from "./history";
import { publishDocumentChange } from "../events";
import { OrderValidationError, validateOrderDraft } from "./validation";
import { enqueueProductOrderStep } from "./order-jobs";

export { customerIdOf };

const { productOrder } = bmpSchema;

const serverAssigned = ["id", "href", "lastUpdate", "state", "orderDate", "completionDate", "cancellationDate"] as const;

const idempotencyKeySchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(255, "must be at most 255 characters")
  .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces");

export interface PlaceOrderOptions {
  /** The `Idempotency-Key` header: a second order with the same key from the same customer returns the first. */
  idempotencyKey?: string | null;
  /** Public base URL of the BMP, for the order's `href`. */
  baseUrl: string;
  now?: Date;
}

function isUniqueViolation(error: unknown): boolean {
  const candidates = [error, (error as { cause?: unknown } | undefined)?.cause];
  return candidates.some((candidate) => (candidate as { code?: unknown } | undefined)?.code === "23505");
}

async function findByIdempotencyKey(db: Db, customerId: string, key: string) {
  const [row] = await db
    .select({ document: productOrder.document, requestDigest: productOrder.requestDigest })
    .from(productOrder)
    .where(and(eq(productOrder.customerId, customerId), eq(productOrder.idempotencyKey, key)))
    .limit(1);
  return row;
}

function replay(row: { document: unknown; requestDigest: string | null }, key: string, digest: string): ProductOrderDocument {
  if (row.requestDigest !== null && row.requestDigest !== digest) {
    throw new TmfError("unprocessable", `Idempotency-Key "${key}" was already used for a different order; send a new key for a new order`);
  }
  return row.document as ProductOrderDocument;
}

/**
 * Validates a product order with `validateOrderDraft` and stores it as
 * acknowledged with its first history row; the order processor takes it
 * from there. Nothing is written when any check fails, and the 422 lists
 * every problem. With an idempotency key already used by this
 * customer, returns the stored order instead (`replayed`).
 */
export async function placeProductOrder(
  db: Db,
  principal: Principal,
  rawInput: unknown,
  options: PlaceOrderOptions,
): Promise<{ order: ProductOrderDocument; replayed: boolean }> {
  assertAllowed(principal, orderPlacers, "place product orders");
  const parsed = productOrderCreate.safeParse(rawInput);
  if (!parsed.success) throw invalidBody(parsed.error);
  const input = parsed.data;
  for (const attribute of serverAssigned) {
    if (attribute in input) throw new TmfError("invalidBody", `${attribute}: is assigned by the server and must not be sent`);
  }

  let key: string | undefined;
  if (options.idempotencyKey !== undefined && options.idempotencyKey !== null) {
    const checked = idempotencyKeySchema.safeParse(options.idempotencyKey);
    if (!checked.success) throw new TmfError("invalidBody", `Idempotency-Key header ${checked.error.issues[0]?.message}`, { reason: "Invalid request header" });
    key = checked.data;
  }
  const customerId = customerIdOf(principal);
  const digest = createHash("sha256").update(JSON.stringify(input)).digest("hex");
  if (key) {
    const existing = await findByIdempotencyKey(db, customerId, key);
    if (existing) return { order: replay(existing, key, digest), replayed: true };
  }

  const now = options.now ?? new Date();
  const id = newId();
  const { productOrderItem: _items, ...attributes } = input;
  const relatedParty = [...(input.relatedParty ?? [])] as EntityRef[];
  if (principal.kind === "user" && !relatedParty.some((party) => party.id === principal.id)) {
    relatedParty.push({ id: principal.id, name: principal.name, role: "Customer", "@referredType": "Individual" });
  }

  try {
    const order = await db.transaction(async (tx) => {
      // Checked inside the transaction, which keeps the ordered offerings locked until the order is stored.
      const { problems, items } = await validateOrderDraft(tx, principal, input, { now, lockOfferings: true });
      if (problems.length > 0) throw new OrderValidationError(problems);
      const document: ProductOrderDocument = {
        ...attributes,
        id,
        href: `${options.baseUrl}${tmfApiPaths.productOrdering}/productOrder/${id}`,
        "@type": input["@type"] ?? "ProductOrder",
        state: "acknowledged",
        orderDate: now.toISOString(),
        ...(relatedParty.length > 0 ? { relatedParty } : {}),
        productOrderItem: items,
      };
      const stored = await insertDocument(tx, productOrder, document, {
        state: "acknowledged",
        customerId,
        nextAttemptAt: now,
        idempotencyKey: key ?? null,
        requestDigest: key ? digest : null,
        traceparent: traceparentForLater(),
      });
      await publishDocumentChange(tx, "productOrder", undefined, stored);
      await enqueueProductOrderStep(tx, id);
      await recordOrderState(tx, id, "acknowledged", { message: `Order received from ${principal.name}` }, now);
      await recordAudit(tx, principal, { action: "create", resourceType: "ProductOrder", resourceId: id, summary: `Placed product order ${id} with ${items.length} item(s)` });
      return stored;
    });
    return { order, replayed: false };
  } catch (error) {
    // Another request with the same key won the race, so this one returns that order as a replay.
    if (key && isUniqueViolation(error)) {
      const existing = await findByIdempotencyKey(db, customerId, key);
      if (existing) return { order: replay(existing, key, digest), replayed: true };
    }
    throw error;
  }
}

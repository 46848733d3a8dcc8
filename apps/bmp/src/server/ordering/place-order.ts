import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { traceparentForLater } from "@cop-pilot/logger";
import { z } from "zod";
import { bmpSchema } from "@cop-pilot/db";
import { productOrderCreate, tmfApiPaths, type ProductOrderCreate } from "@cop-pilot/tmf-schemas";
import { TmfError, findDocument, insertDocument, invalidBody, newId, type Db, type Principal, type TmfDocument } from "@cop-pilot/tmf-server";
import { assertAllowed, isCustomer, orderPlacers } from "../access";
import type { ProductSpecCharacteristic } from "../catalog/characteristics";
import { resolveOfferingCharacteristics, storedValueUses } from "../catalog/value-use";
import type { EntityRef, ProductOrderDocument, ProductOrderItemDocument } from "./documents";
import { recordOrderState } from "./history";

const { productOffering, productOrder, productSpecification } = bmpSchema;

/** A characteristic value an order item gives that its product specification does not accept. */
export interface CharacteristicProblem {
  itemId: string;
  name: string;
  message: string;
}

/** A 400 that names each characteristic problem, so a form can show each one beside its field. */
export class CharacteristicsError extends TmfError {
  constructor(readonly problems: CharacteristicProblem[]) {
    super("invalidBody", problems.map((problem) => `productOrderItem ${problem.itemId}: characteristic "${problem.name}" ${problem.message}`).join("; "));
  }
}

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

/** Returns the owner of an order the principal places: the user id, or the API client name. */
export function customerIdOf(principal: Principal): string {
  return principal.kind === "user" ? principal.id : principal.name;
}

function isUniqueViolation(error: unknown): boolean {
  const candidates = [error, (error as { cause?: unknown } | undefined)?.cause];
  return candidates.some((candidate) => (candidate as { code?: unknown } | undefined)?.code === "23505");
}

/** Builds the TMF622 item prices from the offering's inline prices. */
function itemPricesOf(offering: TmfDocument): Record<string, unknown>[] {
  const prices = (offering.productOfferingPrice as Record<string, unknown>[] | undefined) ?? [];
  return prices
    .filter((price) => typeof price.price === "object" && price.price !== null)
    .map((price) => {
      const money = price.price as { unit: string; value: number };
      return {
        name: price.name,
        priceType: price.priceType,
        ...(price.recurringChargePeriodType ? { recurringChargePeriod: price.recurringChargePeriodType } : {}),
        price: { taxIncludedAmount: { unit: money.unit, value: money.value } },
      };
    });
}

/** Loads an offering and locks it until the order is stored, so that it cannot be deleted or changed in between. */
async function lockOffering(tx: Db, id: string): Promise<TmfDocument | undefined> {
  const [row] = await tx.select({ document: productOffering.document }).from(productOffering).where(eq(productOffering.id, id)).for("share");
  return row?.document as TmfDocument | undefined;
}

/**
 * Checks each item against the catalogue and returns the stored form of the
 * items: the launched offering, its product specification and ESO service,
 * and every characteristic with a value (given, or else the default). Only
 * the characteristics the offering lets customers set may be given.
 */
async function resolveItems(tx: Db, input: ProductOrderCreate, principal: Principal): Promise<ProductOrderItemDocument[]> {
  const ids = input.productOrderItem.map((item) => item.id);
  const repeated = ids.filter((id, index) => ids.indexOf(id) !== index);
  if (repeated.length > 0) {
    const quoted = [...new Set(repeated)].map((id) => JSON.stringify(id)).join(", ");
    throw new TmfError("invalidBody", `productOrderItem: item id ${quoted} is used more than once`);
  }

  const items: ProductOrderItemDocument[] = [];
  const problems: CharacteristicProblem[] = [];
  for (const item of input.productOrderItem) {
    const label = `productOrderItem ${item.id}`;
    if (item.action !== "add") {
      throw new TmfError("unprocessable", `${label}: action "${item.action}" is not supported yet; the BMP accepts only new products (action "add")`);
    }
    if (item.quantity !== undefined && item.quantity !== 1) {
      throw new TmfError("unprocessable", `${label}: quantity must be 1, got ${item.quantity}; add one item per product instance`);
    }
    if (!item.productOffering) throw new TmfError("invalidBody", `${label}: productOffering is required`);

    const offeringId = item.productOffering.id;
    const offering = await lockOffering(tx, offeringId);
    // Customers cannot read offerings that are not launched, so ordering one must not reveal that it exists either.
    if (isCustomer(principal) && offering?.lifecycleStatus !== "Launched") {
      throw new TmfError("unprocessable", `${label}: Product offering ${offeringId} is not available`);
    }
    if (!offering) throw new TmfError("unprocessable", `${label}: ProductOffering ${offeringId} does not exist`);
    if (offering.lifecycleStatus !== "Launched") {
      throw new TmfError("unprocessable", `${label}: ProductOffering ${offeringId} is not launched (lifecycleStatus "${String(offering.lifecycleStatus)}") and cannot be ordered`);
    }

    const specificationRef = offering.productSpecification as EntityRef | undefined;
    const specification = specificationRef ? await findDocument(tx, productSpecification, specificationRef.id) : undefined;
    if (!specification) throw new TmfError("unprocessable", `${label}: ProductOffering ${offeringId} has no product specification and cannot be ordered`);
    const requestedSpecification = item.product?.productSpecification?.id;
    if (requestedSpecification !== undefined && requestedSpecification !== specification.id) {
      throw new TmfError("unprocessable", `${label}: product.productSpecification ${requestedSpecification} is not the specification of ProductOffering ${offeringId} (${specification.id})`);
    }
    const serviceRef = (specification.serviceSpecification as EntityRef[] | undefined)?.[0];
    if (!serviceRef) throw new TmfError("unprocessable", `${label}: ProductOffering ${offeringId} is not built on an ESO service and cannot be ordered`);

    const characteristics = (specification.productSpecCharacteristic as ProductSpecCharacteristic[] | undefined) ?? [];
    const resolved = resolveOfferingCharacteristics(characteristics, storedValueUses(offering), item.product?.productCharacteristic ?? []);
    problems.push(...resolved.problems.map((problem) => ({ itemId: item.id, ...problem })));

    const { productCharacteristic: _given, productSpecification: _requested, ...product } = item.product ?? {};
    items.push({
      ...item,
      quantity: 1,
      state: "acknowledged",
      productOffering: { id: offering.id, href: offering.href, name: offering.name as string, "@referredType": "ProductOffering" },
      product: {
        "@type": "Product",
        ...product,
        productSpecification: { id: specification.id, href: specification.href, name: specification.name as string, "@referredType": "ProductSpecification" },
        productCharacteristic: resolved.values.map((value) => ({ name: value.name, ...(value.valueType ? { valueType: value.valueType } : {}), value: value.value })),
      },
      serviceSpecification: { id: serviceRef.id, href: serviceRef.href, name: serviceRef.name, "@referredType": "ServiceSpecification" },
      itemPrice: itemPricesOf(offering),
    });
  }
  if (problems.length > 0) throw new CharacteristicsError(problems);
  return items;
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
 * Validates a product order and stores it as acknowledged with its first
 * history row; the order processor takes it from there. Nothing is written
 * when any check fails. With an idempotency key already used by this
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
      const items = await resolveItems(tx, input, principal);
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
      await recordOrderState(tx, id, "acknowledged", { message: `Order received from ${principal.name}` }, now);
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

import { eq } from "drizzle-orm";
import { z } from "zod";
import { bmpSchema } from "@cop-pilot/db";
import { productOrderCreate, type ProductOrderCreate } from "@cop-pilot/tmf-schemas";
import { TmfError, findDocument, isAllowed, type Db, type Principal, type TmfDocument } from "@cop-pilot/tmf-server";
import { orderPlacers } from "../access";
import { unsellableStatuses } from "../catalog/bundles";
import { serviceCharacteristicValues, type ProductSpecCharacteristic } from "../catalog/characteristics";
import { eligiblePartySchema, validityProblem } from "../catalog/offering-terms";
import { storedServiceDomain } from "../catalog/service-domain";
import { resolveOfferingCharacteristics, storedValueUses } from "../catalog/value-use";
import { checkActiveOrderPolicy, checkReplicaCapacity, type OrderChecksSettings } from "./feasibility";
import type { CharacteristicValue, EntityRef, ProductOrderItemDocument, RealizingService } from "./documents";

// The checks an order passes before anything is provisioned. The order form,
// the TMF622 POST and the ordering assistant all call validateOrderDraft, and
// each problem names the field it concerns, so that every caller can show it
// there: a characteristic of an item, the offering, the customer, or the
// order as a whole.

const { productOffering, productSpecification } = bmpSchema;

/**
 * The rule an order problem breaks: `request` for a malformed body,
 * `unsupported` for what the BMP does not do yet, `offering` when the
 * offering cannot be ordered now, and the order checks proper.
 */
export type OrderRule = "request" | "unsupported" | "offering" | "eligibility" | "mandatory" | "allowedValues" | "feasibility" | "policy";

// Problems of the request itself are a 400, as for any invalid body; the others a 422.
const badRequestRules: ReadonlySet<OrderRule> = new Set(["request", "mandatory", "allowedValues"]);

export interface OrderProblem {
  /**
   * Path of the field in the TMF622 body, with items and characteristics
   * named by id and name, e.g. `productOrderItem.1.product.productCharacteristic.replicas`,
   * or `productOrderItem.1.productOrderItem.<offering id>.product.productCharacteristic.replicas`
   * for a characteristic of a bundled offering.
   */
  field: string;
  rule: OrderRule;
  message: string;
  itemId?: string;
  /** The bundled offering whose characteristic this is, for an item of a bundle. */
  bundledOfferingId?: string;
  characteristic?: string;
}

export interface ValidatedOrder {
  problems: OrderProblem[];
  /** The items as the order stores them once every check passes; empty when the draft cannot be read. */
  items: ProductOrderItemDocument[];
}

export interface ValidationOptions {
  now?: Date;
  /** Locks each ordered offering FOR SHARE until the transaction ends, so it cannot change before the order is stored. */
  lockOfferings?: boolean;
  settings?: Partial<OrderChecksSettings>;
}

/** Describes one problem in a sentence that names the item and the characteristic or attribute. */
export function describeOrderProblem(problem: OrderProblem): string {
  if (problem.itemId === undefined) return `${problem.field}: ${problem.message}`;
  const item = `productOrderItem ${problem.itemId}`;
  const bundled = problem.bundledOfferingId ? ` of bundled offering ${problem.bundledOfferingId}` : "";
  if (problem.characteristic !== undefined) return `${item}: characteristic "${problem.characteristic}"${bundled} ${problem.message}`;
  const attribute = problem.field.slice(`productOrderItem.${problem.itemId}.`.length);
  return attribute === "productOffering" ? `${item}: ${problem.message}` : `${item}: ${attribute} ${problem.message}`;
}

/**
 * A 400 (malformed request or characteristic values) or 422 (anything else)
 * whose TMF Error body lists every problem in `details`, field by field.
 */
export class OrderValidationError extends TmfError {
  constructor(readonly problems: OrderProblem[]) {
    const badRequest = problems.some((problem) => badRequestRules.has(problem.rule));
    super(badRequest ? "invalidBody" : "unprocessable", problems.map(describeOrderProblem).join("; "), { reason: badRequest ? "Invalid request body" : "Order validation failed" });
  }

  override toBody() {
    return { ...super.toBody(), details: this.problems.map(({ field, rule, message }) => ({ field, rule, message })) };
  }
}

// A bundle item names the characteristics of each bundled offering in a nested item.
const nestedItems = z.array(
  z.looseObject({
    productOffering: z.looseObject({ id: z.string().min(1) }),
    product: z.looseObject({ productCharacteristic: z.array(z.looseObject({ name: z.string().min(1), value: z.unknown(), valueType: z.string().optional() })).optional() }).optional(),
  }),
);

function itemField(itemId: string, path: string): string {
  return `productOrderItem.${itemId}.${path}`;
}

function characteristicRule(message: string): OrderRule {
  return message.includes("mandatory") ? "mandatory" : "allowedValues";
}

async function loadOffering(tx: Db, id: string, lock: boolean): Promise<TmfDocument | undefined> {
  const query = tx.select({ document: productOffering.document }).from(productOffering).where(eq(productOffering.id, id));
  const [row] = lock ? await query.for("share") : await query;
  return row?.document as TmfDocument | undefined;
}

/**
 * Checks that the caller may order the offering: a customer (or an API
 * client acting for one), and a party the offering's `eligibleParty` names,
 * when it names any. A customer qualifies through their organization or
 * their own user id; an API client through a party of the order's `relatedParty`.
 */
function eligibilityProblem(principal: Principal, offering: TmfDocument, draft: ProductOrderCreate): string | undefined {
  if (!isAllowed(principal, orderPlacers)) {
    return `only customers may order products, and you are signed in as ${principal.kind === "user" ? principal.role : principal.name}`;
  }
  const parsed = eligiblePartySchema.safeParse(offering.eligibleParty ?? []);
  const eligible = parsed.success ? parsed.data : [];
  if (eligible.length === 0) return undefined;
  const ids = new Set(eligible.map((party) => party.id));
  const candidates = principal.kind === "user" ? [principal.organizationId, principal.id] : (draft.relatedParty ?? []).map((party) => party.id);
  if (candidates.some((id) => id && ids.has(id))) return undefined;
  const names = eligible.map((party) => party.name ?? party.id).join(", ");
  return principal.kind === "user"
    ? `is offered only to ${names}, and your organization is not among them; ask the portal's business administrators for access`
    : `is offered only to ${names}; name one of them in relatedParty`;
}

interface Component {
  offering: TmfDocument;
  specification: TmfDocument;
  /** Path prefix of this component's characteristics in the body, up to `product.productCharacteristic`. */
  fieldPrefix: string;
  bundledOfferingId?: string;
  given: CharacteristicValue[];
}

function offeringRef(offering: TmfDocument): EntityRef {
  return { id: offering.id, href: offering.href, name: String(offering.name), "@referredType": "ProductOffering" };
}

function specificationRef(specification: TmfDocument): EntityRef {
  return { id: specification.id, href: specification.href, name: String(specification.name), "@referredType": "ProductSpecification" };
}

/**
 * Checks the rule between two characteristics of an autoscaled service:
 * `replicas`, the workers kept when load is low, may not exceed
 * `maxReplicas`, the autoscaler's upper bound. Returns the message of a
 * violation, or undefined.
 */
export function replicasAboveMaximum(values: readonly { name: string; value: unknown }[]): string | undefined {
  const replicas = values.find((value) => value.name === "replicas")?.value;
  const maxReplicas = values.find((value) => value.name === "maxReplicas")?.value;
  if (typeof replicas !== "number" || typeof maxReplicas !== "number" || replicas <= maxReplicas) return undefined;
  return `must be at most maxReplicas (${maxReplicas}), got ${replicas}; lower replicas or raise maxReplicas`;
}

/**
 * Checks the characteristics a component is given against its offering and
 * product specification, and builds the ESO services that fulfil it. Adds a
 * problem per characteristic that fails.
 */
function resolveComponent(component: Component, itemId: string, serviceIds: { next: number; single: boolean }, problems: OrderProblem[]) {
  const characteristics = (component.specification.productSpecCharacteristic as ProductSpecCharacteristic[] | undefined) ?? [];
  const resolved = resolveOfferingCharacteristics(characteristics, storedValueUses(component.offering), component.given);
  for (const problem of resolved.problems) {
    problems.push({
      field: `${component.fieldPrefix}.product.productCharacteristic.${problem.name}`,
      rule: characteristicRule(problem.message),
      message: problem.message,
      itemId,
      characteristic: problem.name,
      ...(component.bundledOfferingId ? { bundledOfferingId: component.bundledOfferingId } : {}),
    });
  }
  const values: CharacteristicValue[] = resolved.values.map((value) => ({ name: value.name, ...(value.valueType ? { valueType: value.valueType } : {}), value: value.value }));
  const replicasProblem = replicasAboveMaximum(values);
  if (replicasProblem) {
    problems.push({
      field: `${component.fieldPrefix}.product.productCharacteristic.replicas`,
      rule: "allowedValues",
      message: replicasProblem,
      itemId,
      characteristic: "replicas",
      ...(component.bundledOfferingId ? { bundledOfferingId: component.bundledOfferingId } : {}),
    });
  }
  const domain = storedServiceDomain(component.specification);
  const services: RealizingService[] = ((component.specification.serviceSpecification as EntityRef[] | undefined) ?? []).map((service) => {
    serviceIds.next += 1;
    return {
      id: serviceIds.single ? itemId : `${itemId}-${serviceIds.next}`,
      serviceSpecification: { id: service.id, href: service.href, name: service.name, "@referredType": "ServiceSpecification" },
      ...(component.bundledOfferingId ? { productOffering: offeringRef(component.offering) } : {}),
      ...(domain ? { domain: { ...(domain.id ? { id: domain.id } : {}), name: domain.name } } : {}),
      serviceCharacteristic: serviceCharacteristicValues(characteristics, values, service.id),
    };
  });
  return { values, services };
}

/** Loads the product specification an offering sells, or adds a problem on the offering. */
async function specificationOf(tx: Db, offering: TmfDocument, field: string, itemId: string, problems: OrderProblem[]): Promise<TmfDocument | undefined> {
  const ref = offering.productSpecification as EntityRef | undefined;
  const specification = ref ? await findDocument(tx, productSpecification, ref.id) : undefined;
  const services = (specification?.serviceSpecification as EntityRef[] | undefined) ?? [];
  if (!specification || services.length === 0) {
    problems.push({ field, rule: "offering", itemId, message: `ProductOffering ${offering.id} is not built on an ESO service and cannot be ordered` });
    return undefined;
  }
  return specification;
}

/** Checks one order item and returns its stored form, or undefined when a problem keeps it from being built. */
async function validateItem(
  tx: Db,
  principal: Principal,
  draft: ProductOrderCreate,
  item: ProductOrderCreate["productOrderItem"][number],
  options: Required<Pick<ValidationOptions, "now" | "lockOfferings">>,
  problems: OrderProblem[],
): Promise<ProductOrderItemDocument | undefined> {
  const offeringField = itemField(item.id, "productOffering");
  if (item.action !== "add") {
    problems.push({ field: itemField(item.id, "action"), rule: "unsupported", itemId: item.id, message: `"${item.action}" is not supported yet; the BMP accepts only new products (action "add")` });
    return undefined;
  }
  if (item.quantity !== undefined && item.quantity !== 1) {
    problems.push({ field: itemField(item.id, "quantity"), rule: "unsupported", itemId: item.id, message: `must be 1, got ${item.quantity}; add one item per product instance` });
    return undefined;
  }
  if (!item.productOffering) {
    problems.push({ field: offeringField, rule: "request", itemId: item.id, message: "productOffering is required" });
    return undefined;
  }

  const offeringId = item.productOffering.id;
  const offering = await loadOffering(tx, offeringId, options.lockOfferings);
  // Customers cannot read offerings that are not launched, so ordering one must not reveal that it exists either.
  if (!offering || (principal.kind === "user" && principal.role === "customer" && offering.lifecycleStatus !== "Launched")) {
    problems.push({ field: offeringField, rule: "offering", itemId: item.id, message: `Product offering ${offeringId} is not available` });
    return undefined;
  }
  if (offering.lifecycleStatus !== "Launched") {
    problems.push({ field: offeringField, rule: "offering", itemId: item.id, message: `ProductOffering ${offeringId} is not launched (lifecycleStatus "${String(offering.lifecycleStatus)}") and cannot be ordered` });
    return undefined;
  }
  const validity = validityProblem(offering.validFor, options.now);
  if (validity) problems.push({ field: offeringField, rule: "offering", itemId: item.id, message: `ProductOffering ${offeringId} ${validity}` });
  const ineligible = eligibilityProblem(principal, offering, draft);
  if (ineligible) problems.push({ field: offeringField, rule: "eligibility", itemId: item.id, message: `ProductOffering "${String(offering.name)}" ${ineligible}` });

  const components: Component[] = [];
  const given = (item.product?.productCharacteristic ?? []) as CharacteristicValue[];
  if (offering.isBundle === true) {
    const nested = nestedItems.safeParse((item as Record<string, unknown>).productOrderItem ?? []);
    if (!nested.success) {
      problems.push({ field: itemField(item.id, "productOrderItem"), rule: "request", itemId: item.id, message: "must list bundled offerings, each with productOffering.id" });
      return undefined;
    }
    if (given.length > 0) {
      problems.push({ field: itemField(item.id, "product.productCharacteristic"), rule: "request", itemId: item.id, message: "a bundle has no characteristics of its own; give them in productOrderItem, one nested item per bundled offering" });
    }
    for (const ref of (offering.bundledProductOffering as EntityRef[] | undefined) ?? []) {
      const prefix = itemField(item.id, `productOrderItem.${ref.id}`);
      const bundled = await loadOffering(tx, ref.id, options.lockOfferings);
      if (!bundled || unsellableStatuses.includes(String(bundled.lifecycleStatus))) {
        problems.push({ field: offeringField, rule: "offering", itemId: item.id, message: `the bundled offering "${ref.name ?? ref.id}" is no longer sold, so this bundle cannot be ordered` });
        continue;
      }
      const specification = await specificationOf(tx, bundled, offeringField, item.id, problems);
      if (!specification) continue;
      const nestedGiven = nested.data.find((candidate) => candidate.productOffering.id === ref.id)?.product?.productCharacteristic ?? [];
      components.push({ offering: bundled, specification, fieldPrefix: prefix, bundledOfferingId: ref.id, given: nestedGiven as CharacteristicValue[] });
    }
    const bundledIds = new Set(components.map((component) => component.offering.id));
    for (const extra of nested.data.filter((candidate) => !bundledIds.has(candidate.productOffering.id))) {
      problems.push({ field: itemField(item.id, `productOrderItem.${extra.productOffering.id}`), rule: "request", itemId: item.id, message: `ProductOffering ${extra.productOffering.id} is not part of this bundle` });
    }
  } else {
    const specification = await specificationOf(tx, offering, offeringField, item.id, problems);
    if (!specification) return undefined;
    const requested = item.product?.productSpecification?.id;
    if (requested !== undefined && requested !== specification.id) {
      problems.push({ field: itemField(item.id, "product.productSpecification"), rule: "request", itemId: item.id, message: `${requested} is not the specification of ProductOffering ${offeringId} (${specification.id})` });
    }
    components.push({ offering, specification, fieldPrefix: `productOrderItem.${item.id}`, given });
  }
  if (components.length === 0) return undefined;

  const serviceCount = components.reduce((total, component) => total + ((component.specification.serviceSpecification as unknown[] | undefined)?.length ?? 0), 0);
  const serviceIds = { next: 0, single: serviceCount === 1 };
  const resolved = components.map((component) => ({ component, ...resolveComponent(component, item.id, serviceIds, problems) }));
  const realizingService = resolved.flatMap((entry) => entry.services);

  const { productCharacteristic: _given, productSpecification: _requested, ...product } = item.product ?? {};
  const { productOrderItem: _nested, ...itemAttributes } = item as Record<string, unknown>;
  const single = offering.isBundle === true ? undefined : resolved[0]!;
  return {
    ...(itemAttributes as typeof item),
    quantity: 1,
    state: "acknowledged",
    productOffering: offeringRef(offering),
    product: {
      "@type": "Product",
      ...product,
      ...(single ? { productSpecification: specificationRef(single.component.specification), productCharacteristic: single.values } : {}),
    },
    ...(offering.isBundle === true
      ? {
          productOrderItem: resolved.map((entry) => ({
            id: entry.component.offering.id,
            action: "add",
            productOffering: offeringRef(entry.component.offering),
            product: { "@type": "Product", productSpecification: specificationRef(entry.component.specification), productCharacteristic: entry.values },
          })),
        }
      : {}),
    // The first service, for readers of orders stored before realizingService existed.
    serviceSpecification: realizingService[0]!.serviceSpecification,
    realizingService,
    itemPrice: itemPricesOf(offering),
  };
}

/** Builds the TMF622 item prices from the offering's inline prices. */
export function itemPricesOf(offering: TmfDocument): Record<string, unknown>[] {
  const prices = (offering.productOfferingPrice as Record<string, unknown>[] | undefined) ?? [];
  return prices
    .filter((price) => typeof price.price === "object" && price.price !== null)
    .map((price) => {
      const money = price.price as { unit: string; value: number };
      return {
        name: price.name,
        priceType: price.priceType,
        ...(price.recurringChargePeriodType ? { recurringChargePeriod: price.recurringChargePeriodType } : {}),
        ...(price.unitOfMeasure ? { unitOfMeasure: price.unitOfMeasure } : {}),
        price: { taxIncludedAmount: { unit: money.unit, value: money.value } },
      };
    });
}

/**
 * Checks an order draft (a TMF622 ProductOrder create body) for the caller
 * without storing anything. It checks the request's shape and each offering
 * (launched, valid now, eligible for the caller). Then it checks mandatory
 * characteristics, allowed values and ranges, the capacity of the target
 * domains, and the business policy on open orders. Returns every problem found, each on its field,
 * and the items as an order would store them. The draft may be ordered
 * when `problems` is empty.
 */
export async function validateOrderDraft(db: Db, principal: Principal, draft: unknown, options: ValidationOptions = {}): Promise<ValidatedOrder> {
  const parsed = productOrderCreate.safeParse(draft);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue): OrderProblem => ({ field: issue.path.length > 0 ? issue.path.map(String).join(".") : "body", rule: "request", message: issue.message }));
    return { problems, items: [] };
  }
  const input = parsed.data;
  const problems: OrderProblem[] = [];
  const ids = input.productOrderItem.map((item) => item.id);
  const repeated = [...new Set(ids.filter((id, index) => ids.indexOf(id) !== index))];
  for (const id of repeated) problems.push({ field: itemField(id, "id"), rule: "request", itemId: id, message: "is given more than once" });
  if (repeated.length > 0) return { problems, items: [] };

  const resolvedOptions = { now: options.now ?? new Date(), lockOfferings: options.lockOfferings ?? false };
  const items: ProductOrderItemDocument[] = [];
  for (const item of input.productOrderItem) {
    const validated = await validateItem(db, principal, input, item, resolvedOptions, problems);
    if (validated) items.push(validated);
  }
  // Feasibility and policy only make sense for an order whose items could be built.
  if (problems.length === 0) {
    problems.push(...(await checkReplicaCapacity(db, items)));
    problems.push(...(await checkActiveOrderPolicy(db, principal, options.settings)));
  }
  return { problems, items: problems.length === 0 ? items : [] };
}

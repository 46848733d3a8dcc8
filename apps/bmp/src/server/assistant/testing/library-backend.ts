import { randomUUID } from "node:crypto";
import { catalogOfDomain, domains, specifications, toServiceSpecification } from "@cop-pilot/service-library";
import { pricesOf } from "../../../lib/prices";
import type { ProductSpecCharacteristic } from "../../catalog/characteristics";
import {
  isTechnicalCharacteristic,
  offeringCharacteristicFields,
  orderFormFields,
  resolveOfferingCharacteristics,
  type CharacteristicValueUse,
} from "../../catalog/value-use";
import type { AssistantBackend, ConfigurationCheck, ConfigurationProblem, DraftSummary, OfferingDetails, OrderStatusReport, PlaceResult } from "../backend";
import type { CharacteristicValue } from "../offline/extract";
import type { SearchableOffering } from "../offline/ranker";

// An assistant backend over the COP-PILOT service library, without a
// database: one launched offering per service, as the launcher publishes
// them. The evaluation and the unit tests run the assistant against it.
// Without a database it checks characteristics only; eligibility, capacity
// and the open-order policy need the BMP's orders and are left out.

interface LibraryOffering {
  searchable: SearchableOffering;
  details: OfferingDetails;
  characteristics: ProductSpecCharacteristic[];
  valueUses: CharacteristicValueUse[];
  description?: string;
}

export interface LibraryBackend extends AssistantBackend {
  /** Drafts by id, as the backend stored them. */
  drafts: Map<string, DraftSummary & { values: Record<string, CharacteristicValue> }>;
  /** Orders placed from confirmed drafts. */
  orders: Map<string, { draftId: string; offeringId: string; values: Record<string, CharacteristicValue> }>;
  /** Records the customer's confirmation, as the portal's confirm button does. */
  confirm(draftId: string): void;
  /** Replaces an offering's description, e.g. with text that tries to instruct the assistant. */
  setDescription(offeringId: string, description: string): void;
}

function buildOfferings(): LibraryOffering[] {
  return specifications.map((specification) => {
    const domain = domains.find((candidate) => candidate.id === specification.domainId)!;
    const catalog = catalogOfDomain(domain.id);
    const service = toServiceSpecification(specification, domain);
    const characteristics = (service.specCharacteristic ?? []) as unknown as ProductSpecCharacteristic[];
    const valueUses = characteristics.filter((characteristic) => !isTechnicalCharacteristic(characteristic)).map((characteristic) => ({ name: characteristic.name }));
    const id = `offering-${specification.slug}`;
    const prices = pricesOf([{ name: "Subscription", priceType: "recurring", recurringChargePeriodType: "month", price: { unit: "EUR", value: 100 } }]);
    const fields = orderFormFields(offeringCharacteristicFields(characteristics, valueUses));
    return {
      characteristics,
      valueUses,
      description: specification.description,
      searchable: {
        id,
        name: specification.name,
        description: specification.description,
        categories: catalog.categories.filter((category) => specification.categorySlugs.includes(category.slug)).map((category) => category.name),
        catalog: catalog.name,
        domainName: domain.name,
        characteristics: fields.map((field) => ({ name: field.name, description: field.description, values: field.allowedValues?.map(String) })),
      },
      details: { id, name: specification.name, description: specification.description, domainName: domain.name, prices, fields },
    };
  });
}

/** Checks values with the characteristic rules of the order form: only the fields it shows, each within its limits. */
function checkCharacteristics(offering: LibraryOffering, values: Record<string, CharacteristicValue>): ConfigurationCheck {
  const settable = new Set(offering.details.fields.map((field) => field.name));
  const problems: ConfigurationProblem[] = Object.keys(values)
    .filter((name) => !settable.has(name))
    .map((name) => ({ name, message: "cannot be set for this offering", kind: "characteristic" }));
  const given = Object.entries(values)
    .filter(([name]) => settable.has(name))
    .map(([name, value]) => ({ name, value }));
  const resolved = resolveOfferingCharacteristics(offering.characteristics, offering.valueUses, given);
  problems.push(...resolved.problems.map((problem): ConfigurationProblem => ({ ...problem, kind: "characteristic" })));
  return {
    valid: problems.length === 0,
    problems,
    values: resolved.values.filter((value) => settable.has(value.name)).map((value) => ({ name: value.name, value: value.value, isDefault: !(value.name in values) })),
  };
}

/** Builds a fresh backend over the service library; each call has its own drafts and orders. */
export function createLibraryBackend(): LibraryBackend {
  const offerings = buildOfferings();
  const drafts: LibraryBackend["drafts"] = new Map();
  const orders: LibraryBackend["orders"] = new Map();
  const find = (id: string) => offerings.find((offering) => offering.details.id === id);

  return {
    drafts,
    orders,
    async listOfferings() {
      return offerings.map((offering) => offering.searchable);
    },
    async getOffering(offeringId) {
      return find(offeringId)?.details;
    },
    async validateConfiguration(offeringId, values) {
      const offering = find(offeringId);
      if (!offering) return { valid: false, problems: [{ name: "productOffering", message: `The offering ${offeringId} does not exist`, kind: "order" }], values: [] };
      return checkCharacteristics(offering, values);
    },
    async createDraft(offeringId, values) {
      const offering = find(offeringId);
      if (!offering) return { ok: false, problems: [{ name: "productOffering", message: `The offering ${offeringId} does not exist`, kind: "order" }] };
      const result = checkCharacteristics(offering, values);
      if (!result.valid) return { ok: false, problems: result.problems };
      const draft = {
        draftId: randomUUID(),
        offeringId,
        offeringName: offering.details.name,
        characteristics: result.values,
        prices: offering.details.prices,
        status: "draft" as const,
        expiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
        values,
      };
      drafts.set(draft.draftId, draft);
      const { values: _values, ...summary } = draft;
      return { ok: true, draft: summary };
    },
    async placeConfirmedDraft(draftId): Promise<PlaceResult> {
      const draft = drafts.get(draftId);
      if (!draft) return { placed: false, reason: `Draft ${draftId} does not exist` };
      if (draft.status === "placed" && draft.productOrderId) return { placed: true, orderId: draft.productOrderId };
      if (draft.status !== "confirmed") return { placed: false, reason: "The customer has not confirmed this draft; they confirm it with the Confirm order button" };
      const orderId = randomUUID();
      orders.set(orderId, { draftId, offeringId: draft.offeringId, values: draft.values });
      draft.status = "placed";
      draft.productOrderId = orderId;
      return { placed: true, orderId };
    },
    async orderStatus(orderId): Promise<OrderStatusReport | undefined> {
      const id = orderId ?? [...orders.keys()].at(-1);
      const order = id ? orders.get(id) : undefined;
      if (!id || !order) return undefined;
      const name = find(order.offeringId)?.details.name ?? order.offeringId;
      return { orderId: id, products: name, state: "inProgress", summary: `Your order ${id.slice(0, 8)} for ${name} is in progress.`, done: [], history: [] };
    },
    confirm(draftId) {
      const draft = drafts.get(draftId);
      if (!draft) throw new Error(`Draft ${draftId} does not exist`);
      draft.status = "confirmed";
    },
    setDescription(offeringId, description) {
      const offering = find(offeringId);
      if (!offering) throw new Error(`Offering ${offeringId} does not exist`);
      offering.searchable.description = description;
      offering.details.description = description;
    },
  };
}

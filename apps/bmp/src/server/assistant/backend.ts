import type { PriceView } from "@/lib/prices";
import type { CharacteristicField } from "../catalog/characteristics";
import type { CharacteristicValue } from "./offline/extract";
import { OfferingRanker, type SearchableOffering } from "./offline/ranker";

// What the assistant may do, for the offline dialogue and the model's tools
// alike. The BMP implements it over its own catalogue and ordering functions
// (bmp-backend.ts); tests and the evaluation implement it over the service
// library. Nothing here places an order without a confirmed draft.

export interface OfferingSummary {
  id: string;
  name: string;
  description?: string;
  domainName?: string;
}

export interface OfferingDetails extends OfferingSummary {
  prices: PriceView[];
  /** The characteristics the customer may set, with defaults and limits. */
  fields: CharacteristicField[];
}

/**
 * A problem of a configuration. A `characteristic` problem names the
 * characteristic, and its message continues the name ("must be at most
 * 512"). An `order` problem concerns the offering, the customer or the
 * order as a whole, is named after that field (`productOffering`,
 * `productOrder`), and its message is a full sentence.
 */
export interface ConfigurationProblem {
  name: string;
  message: string;
  kind: "characteristic" | "order";
}

export interface ConfigurationCheck {
  valid: boolean;
  problems: ConfigurationProblem[];
  /** Every value the order would carry that the customer may see, defaults included. */
  values: { name: string; value: unknown; isDefault: boolean }[];
}

export interface DraftSummary {
  draftId: string;
  offeringId: string;
  offeringName: string;
  characteristics: { name: string; value: unknown; isDefault: boolean }[];
  prices: PriceView[];
  status: "draft" | "confirmed" | "placed" | "expired";
  expiresAt: string;
  productOrderId?: string;
}

export type DraftResult = { ok: true; draft: DraftSummary } | { ok: false; problems: ConfigurationProblem[] };

export type PlaceResult = { placed: true; orderId: string } | { placed: false; reason: string };

export interface OrderStatusReport {
  orderId: string;
  products: string;
  state: string;
  /** The explanation in plain words: what is done, what runs now, what comes next. */
  summary: string;
  done: string[];
  running?: string;
  next?: string;
  /** What a failure means for the customer and what to do. */
  failure?: string;
  history: { state: string; changedAt: string; message?: string }[];
}

export interface AssistantBackend {
  /** Every offering the customer may order, for ranking. */
  listOfferings(): Promise<SearchableOffering[]>;
  getOffering(offeringId: string): Promise<OfferingDetails | undefined>;
  /** Checks values the same way an order of the offering is checked. */
  validateConfiguration(offeringId: string, values: Record<string, CharacteristicValue>): Promise<ConfigurationCheck>;
  /** Stores a draft order after validating it; the customer confirms it in the portal. */
  createDraft(offeringId: string, values: Record<string, CharacteristicValue>): Promise<DraftResult>;
  /** Returns the order of a draft the customer has confirmed in the portal; an unconfirmed draft places nothing. */
  placeConfirmedDraft(draftId: string): Promise<PlaceResult>;
  /** Explains an order of the customer, or the latest one without an id. */
  orderStatus(orderId?: string): Promise<OrderStatusReport | undefined>;
}

/** A structured part of an assistant message that the chat renders beside the text. */
export type AssistantCard =
  | { type: "offerings"; offerings: OfferingSummary[] }
  | { type: "draft"; draft: DraftSummary }
  | { type: "orderStatus"; status: OrderStatusReport }
  | { type: "orderPlaced"; orderId: string; offeringName: string };

export function summaryOf(offering: SearchableOffering | OfferingDetails): OfferingSummary {
  return { id: offering.id, name: offering.name, description: offering.description, domainName: offering.domainName };
}

/** Ranks the backend's offerings against `query` and returns at most `limit` that match. */
export async function searchOfferings(backend: AssistantBackend, query: string, limit = 5) {
  const ranker = new OfferingRanker(await backend.listOfferings());
  return ranker.rank(query).slice(0, limit);
}

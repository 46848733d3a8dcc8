import { finalServiceOrderStates, type ServiceOrderState } from "@cop-pilot/tmf-schemas";

// Shapes of the TMF641 documents this DO stores. Every document keeps the
// attributes the client sent; the types name only what the DO reads or sets.

export interface CharacteristicValue {
  name: string;
  valueType?: string;
  value: unknown;
}

export interface EntityRefDocument {
  id: string;
  href?: string;
  name?: string;
  version?: string;
  "@referredType"?: string;
  [attribute: string]: unknown;
}

export interface ServiceOrderItemRef {
  /** The item id again: TMF641 v4.1.0 requires `id` on ServiceOrderItemRef although it defines only `itemId`. */
  id: string;
  itemId: string;
  serviceOrderId: string;
  serviceOrderHref?: string;
}

/** TMF641 ServiceOrderErrorMessage: why an order or an item failed. */
export interface ServiceOrderErrorMessage {
  code: string;
  reason: string;
  message: string;
  timestamp: string;
  serviceOrderItem?: ServiceOrderItemRef[];
  "@type": "ServiceOrderErrorMessage";
}

/** TMF641 ServiceOrderMilestone, one per state change of the order or of one of its items. */
export interface ServiceOrderMilestone {
  id: string;
  name: "orderStateChange" | "orderItemStateChange";
  status: string;
  message: string;
  milestoneDate: string;
  serviceOrderItem?: ServiceOrderItemRef[];
  "@type": "ServiceOrderMilestone";
}

export interface ServiceDocument {
  id?: string;
  href?: string;
  name?: string;
  state?: string;
  serviceSpecification?: EntityRefDocument;
  serviceCharacteristic?: CharacteristicValue[];
  supportingResource?: EntityRefDocument[];
  [attribute: string]: unknown;
}

export interface ServiceOrderItemDocument {
  id: string;
  action: string;
  state: string;
  quantity?: number;
  service: ServiceDocument;
  errorMessage?: ServiceOrderErrorMessage[];
  [attribute: string]: unknown;
}

export interface NoteDocument {
  id?: string;
  author?: string;
  date?: string;
  text: string;
}

export interface ServiceOrderDocument {
  id: string;
  href: string;
  "@type": string;
  state: ServiceOrderState;
  externalId?: string;
  orderDate: string;
  requestedStartDate?: string;
  startDate?: string;
  completionDate?: string;
  cancellationDate?: string;
  cancellationReason?: string;
  note?: NoteDocument[];
  errorMessage?: ServiceOrderErrorMessage[];
  milestone?: ServiceOrderMilestone[];
  serviceOrderItem: ServiceOrderItemDocument[];
  lastUpdate?: string;
  [attribute: string]: unknown;
}

export interface CancelServiceOrderDocument {
  id: string;
  href: string;
  "@type": string;
  state: "acknowledged" | "inProgress" | "done" | "terminatedWithError";
  serviceOrder: EntityRefDocument;
  cancellationReason?: string;
  requestedCancellationDate?: string;
  effectiveCancellationDate?: string;
  [attribute: string]: unknown;
}

/** True for the states after which an order never changes again. */
export function isFinalState(state: string): boolean {
  return (finalServiceOrderStates as readonly string[]).includes(state);
}

/** Returns the value of a characteristic of an order item, or undefined. */
export function characteristicValue(item: ServiceOrderItemDocument, name: string): unknown {
  return item.service.serviceCharacteristic?.find((characteristic) => characteristic.name === name)?.value;
}

export function itemRef(order: ServiceOrderDocument, item: ServiceOrderItemDocument): ServiceOrderItemRef {
  return { id: item.id, itemId: item.id, serviceOrderId: order.id, serviceOrderHref: order.href };
}

import type { TmfDocument } from "@cop-pilot/tmf-server";

export interface OrderItemDocument extends Record<string, unknown> {
  id: string;
  action: string;
  state?: string;
  /** The parts of a bundle item, one per bundled specification; absent on other items. */
  serviceOrderItem?: OrderItemDocument[];
  service: Record<string, unknown> & {
    /** Id and href of the TMF638 service at the DO, once the DO has created it. */
    id?: string;
    href?: string;
    serviceSpecification?: { id: string; href?: string; name?: string; version?: string; "@referredType"?: string };
    serviceCharacteristic?: { name: string; valueType?: string; value: unknown }[];
  };
}

export interface NoteDocument extends Record<string, unknown> {
  text: string;
  author?: string;
  date?: string;
}

/** A TMF641 ExternalReference; the ESO adds one per order it delegated to a DO. */
export interface ExternalReferenceDocument extends Record<string, unknown> {
  name: string;
  externalReferenceType?: string;
  href?: string;
}

/** TMF641 ServiceOrderErrorMessage: why an item failed, in the domain that carried it. */
export interface ServiceOrderErrorMessage extends Record<string, unknown> {
  code: string;
  reason: string;
  message: string;
  timestamp: string;
  /** `id` repeats `itemId`, because TMF641 v4.1.0 requires `id` on ServiceOrderItemRef although it defines only `itemId`. */
  serviceOrderItem: { id: string; itemId: string; serviceOrderId: string; serviceOrderHref?: string }[];
  "@type": "ServiceOrderErrorMessage";
}

/** An ESO service order as stored in `service_order.document`. */
export type ServiceOrderDocument = TmfDocument & {
  state: string;
  externalId?: string;
  orderDate?: string;
  completionDate?: string;
  serviceOrderItem: OrderItemDocument[];
  note?: NoteDocument[];
  relatedParty?: { id: string; name?: string; role?: string }[];
  externalReference?: ExternalReferenceDocument[];
  errorMessage?: ServiceOrderErrorMessage[];
};

import { z } from "zod";
import { characteristic, entityRef, isoDateTime, note, relatedParty } from "./common";

// TMF641 Service Ordering v4.1.0.

export const serviceOrderStates = [
  "acknowledged",
  "rejected",
  "pending",
  "held",
  "inProgress",
  "cancelled",
  "completed",
  "failed",
  "partial",
  "assessingCancellation",
  "pendingCancellation",
] as const;
export type ServiceOrderState = (typeof serviceOrderStates)[number];
export const finalServiceOrderStates: readonly ServiceOrderState[] = ["completed", "failed", "partial", "cancelled", "rejected"];

export const serviceOrderItemStates = ["acknowledged", "rejected", "pending", "held", "inProgress", "cancelled", "completed", "failed", "assessingCancellation", "pendingCancellation"] as const;

export const orderItemActions = ["add", "modify", "delete", "noChange"] as const;

/** The service an order item creates, changes or removes. */
export const serviceRefOrValue = z.looseObject({
  id: z.string().optional(),
  href: z.string().optional(),
  name: z.string().optional(),
  state: z.string().optional(),
  serviceCharacteristic: z.array(characteristic).optional(),
  serviceSpecification: entityRef.optional(),
  "@type": z.string().optional(),
});

export const serviceOrderItemCreate = z.looseObject({
  id: z.string().min(1),
  action: z.enum(orderItemActions),
  quantity: z.number().int().positive().optional(),
  service: serviceRefOrValue,
  serviceOrderItemRelationship: z.array(z.looseObject({ relationshipType: z.string(), orderItem: z.looseObject({ itemId: z.string() }) })).optional(),
  "@type": z.string().optional(),
});

export const serviceOrderCreate = z.looseObject({
  externalId: z.string().optional(),
  description: z.string().optional(),
  category: z.string().optional(),
  priority: z.string().optional(),
  requestedStartDate: isoDateTime.optional(),
  requestedCompletionDate: isoDateTime.optional(),
  notificationContact: z.string().optional(),
  note: z.array(note).optional(),
  relatedParty: z.array(relatedParty).optional(),
  externalReference: z.array(z.looseObject({ name: z.string(), externalReferenceType: z.string().optional() })).optional(),
  serviceOrderItem: z.array(serviceOrderItemCreate).min(1),
  "@type": z.string().optional(),
});
export type ServiceOrderCreate = z.infer<typeof serviceOrderCreate>;

export const serviceOrderItem = serviceOrderItemCreate.extend({ state: z.string().optional() });

export const serviceOrder = serviceOrderCreate.extend({
  id: z.string(),
  href: z.string().optional(),
  state: z.string(),
  orderDate: isoDateTime.optional(),
  startDate: isoDateTime.optional(),
  completionDate: isoDateTime.optional(),
  serviceOrderItem: z.array(serviceOrderItem),
});
export type ServiceOrder = z.infer<typeof serviceOrder>;

/** Only these attributes of an order may change once it is placed. */
export const serviceOrderUpdate = z.strictObject({
  description: z.string().optional(),
  priority: z.string().optional(),
  note: z.array(note).optional(),
  requestedCompletionDate: isoDateTime.optional(),
  notificationContact: z.string().optional(),
  "@type": z.string().optional(),
});

export const cancelServiceOrderCreate = z.looseObject({
  cancellationReason: z.string().optional(),
  requestedCancellationDate: isoDateTime.optional(),
  serviceOrder: entityRef,
  "@type": z.string().optional(),
});

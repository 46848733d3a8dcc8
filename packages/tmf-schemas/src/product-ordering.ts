import { z } from "zod";
import { characteristic, entityRef, isoDateTime, note, relatedParty } from "./common";

// TMF622 Product Ordering v4.0.0.

export const productOrderStates = [
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
export type ProductOrderState = (typeof productOrderStates)[number];
export const finalProductOrderStates: readonly ProductOrderState[] = ["completed", "failed", "partial", "cancelled", "rejected"];

export const productRefOrValue = z.looseObject({
  id: z.string().optional(),
  href: z.string().optional(),
  name: z.string().optional(),
  productCharacteristic: z.array(characteristic).optional(),
  productSpecification: entityRef.optional(),
  place: z.array(z.looseObject({})).optional(),
  "@type": z.string().optional(),
});

export const productOrderItemCreate = z.looseObject({
  id: z.string().min(1),
  action: z.enum(["add", "modify", "delete", "noChange"]),
  quantity: z.number().int().positive().optional(),
  productOffering: entityRef.optional(),
  product: productRefOrValue.optional(),
  itemPrice: z.array(z.looseObject({})).optional(),
  itemTerm: z.array(z.looseObject({})).optional(),
  productOrderItemRelationship: z.array(z.looseObject({ id: z.string(), relationshipType: z.string() })).optional(),
  "@type": z.string().optional(),
});

export const productOrderCreate = z.looseObject({
  externalId: z.string().optional(),
  description: z.string().optional(),
  category: z.string().optional(),
  priority: z.string().optional(),
  requestedStartDate: isoDateTime.optional(),
  requestedCompletionDate: isoDateTime.optional(),
  notificationContact: z.string().optional(),
  channel: z.array(entityRef).optional(),
  note: z.array(note).optional(),
  relatedParty: z.array(relatedParty).optional(),
  billingAccount: entityRef.optional(),
  productOrderItem: z.array(productOrderItemCreate).min(1),
  "@type": z.string().optional(),
});
export type ProductOrderCreate = z.infer<typeof productOrderCreate>;

export const productOrderUpdate = z.strictObject({
  description: z.string().optional(),
  priority: z.string().optional(),
  note: z.array(note).optional(),
  requestedCompletionDate: isoDateTime.optional(),
  notificationContact: z.string().optional(),
  "@type": z.string().optional(),
});

export const cancelProductOrderCreate = z.looseObject({
  cancellationReason: z.string().optional(),
  requestedCancellationDate: isoDateTime.optional(),
  productOrder: entityRef,
  "@type": z.string().optional(),
});

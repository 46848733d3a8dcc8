import { z } from "zod";
import { characteristic, entityRef, isoDateTime, note, relatedParty } from "./common";

// TMF638 Service Inventory v4.0.0.

export const serviceStates = ["feasibilityChecked", "designed", "reserved", "inactive", "active", "terminated"] as const;

const serviceFields = {
  name: z.string().optional(),
  description: z.string().optional(),
  category: z.string().optional(),
  serviceType: z.string().optional(),
  state: z.enum(serviceStates),
  isServiceEnabled: z.boolean().optional(),
  hasStarted: z.boolean().optional(),
  isStateful: z.boolean().optional(),
  startDate: isoDateTime.optional(),
  endDate: isoDateTime.optional(),
  serviceDate: z.string().optional(),
  serviceSpecification: entityRef.optional(),
  serviceCharacteristic: z.array(characteristic).optional(),
  relatedParty: z.array(relatedParty).optional(),
  serviceOrderItem: z.array(z.looseObject({ serviceOrderId: z.string().optional(), itemId: z.string().optional() })).optional(),
  supportingResource: z.array(entityRef).optional(),
  supportingService: z.array(entityRef).optional(),
  note: z.array(note).optional(),
  "@type": z.string().optional(),
};

export const serviceCreate = z.looseObject(serviceFields);
export const serviceUpdate = serviceCreate.partial();
export type Service = z.infer<typeof serviceCreate> & { id: string; href: string };

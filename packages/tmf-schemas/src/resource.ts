import { z } from "zod";
import { characteristic, entityRef, isoDateTime, note, relatedParty, timePeriod } from "./common";
import { characteristicSpecification } from "./service-catalog";

// TMF634 Resource Catalog v4.1.0 and TMF639 Resource Inventory v4.0.0.

const resourceSpecificationFields = {
  name: z.string().trim().min(1),
  description: z.string().optional(),
  version: z.string().optional(),
  lifecycleStatus: z.string().optional(),
  category: z.string().optional(),
  isBundle: z.boolean().optional(),
  validFor: timePeriod.optional(),
  resourceSpecCharacteristic: z.array(characteristicSpecification).optional(),
  relatedParty: z.array(relatedParty).optional(),
  "@type": z.string().optional(),
};
export const resourceSpecificationCreate = z.looseObject(resourceSpecificationFields);
export const resourceSpecificationUpdate = resourceSpecificationCreate.partial();

const resourceFields = {
  name: z.string().optional(),
  description: z.string().optional(),
  category: z.string().optional(),
  resourceVersion: z.string().optional(),
  administrativeState: z.enum(["locked", "unlocked", "shutdown"]).optional(),
  operationalState: z.enum(["enable", "disable"]).optional(),
  resourceStatus: z.enum(["standby", "alarm", "available", "reserved", "unknown", "suspended"]).optional(),
  usageState: z.enum(["idle", "active", "busy"]).optional(),
  startOperatingDate: isoDateTime.optional(),
  endOperatingDate: isoDateTime.optional(),
  resourceSpecification: entityRef.optional(),
  resourceCharacteristic: z.array(characteristic).optional(),
  relatedParty: z.array(relatedParty).optional(),
  note: z.array(note).optional(),
  "@type": z.string().optional(),
};
export const resourceCreate = z.looseObject(resourceFields);
export const resourceUpdate = resourceCreate.partial();

export const resourceCatalogCreate = z.looseObject({
  name: z.string().trim().min(1),
  description: z.string().optional(),
  version: z.string().optional(),
  lifecycleStatus: z.string().optional(),
  validFor: timePeriod.optional(),
  category: z.array(entityRef).optional(),
  relatedParty: z.array(relatedParty).optional(),
  "@type": z.string().optional(),
});
export const resourceCatalogUpdate = resourceCatalogCreate.partial();

export const resourceCategoryCreate = z.looseObject({
  name: z.string().trim().min(1),
  description: z.string().optional(),
  version: z.string().optional(),
  lifecycleStatus: z.string().optional(),
  isRoot: z.boolean().optional(),
  parentId: z.string().optional(),
  validFor: timePeriod.optional(),
  category: z.array(entityRef).optional(),
  resourceCandidate: z.array(entityRef).optional(),
  relatedParty: z.array(relatedParty).optional(),
  "@type": z.string().optional(),
});
export const resourceCategoryUpdate = resourceCategoryCreate.partial();

export const resourceCandidateCreate = z.looseObject({
  name: z.string().trim().min(1),
  description: z.string().optional(),
  version: z.string().optional(),
  lifecycleStatus: z.string().optional(),
  validFor: timePeriod.optional(),
  category: z.array(entityRef).optional(),
  resourceSpecification: entityRef.optional(),
  "@type": z.string().optional(),
});
export const resourceCandidateUpdate = resourceCandidateCreate.partial();

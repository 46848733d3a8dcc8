import { z } from "zod";
import { entityRef, isoDateTime, relatedParty, timePeriod } from "./common";

// TMF633 Service Catalog Management v4.0.0.

export const serviceLifecycleStatuses = ["In design", "In test", "Active", "Launched", "Retired", "Obsolete", "Rejected"] as const;

export const characteristicValueSpecification = z.looseObject({
  value: z.unknown().optional(),
  valueType: z.string().optional(),
  isDefault: z.boolean().optional(),
  unitOfMeasure: z.string().optional(),
  valueFrom: z.number().optional(),
  valueTo: z.number().optional(),
  rangeInterval: z.string().optional(),
  regex: z.string().optional(),
  validFor: timePeriod.optional(),
});

export const characteristicSpecification = z.looseObject({
  id: z.string().optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  valueType: z.string().optional(),
  configurable: z.boolean().optional(),
  minCardinality: z.number().int().min(0).optional(),
  maxCardinality: z.number().int().min(0).optional(),
  isUnique: z.boolean().optional(),
  extensible: z.boolean().optional(),
  characteristicValueSpecification: z.array(characteristicValueSpecification).optional(),
  validFor: timePeriod.optional(),
  "@type": z.string().optional(),
});
export type CharacteristicSpecification = z.infer<typeof characteristicSpecification>;

const specificationFields = {
  name: z.string().trim().min(1),
  description: z.string().optional(),
  version: z.string().optional(),
  lifecycleStatus: z.string().optional(),
  isBundle: z.boolean().optional(),
  validFor: timePeriod.optional(),
  category: z.array(entityRef).optional(),
  relatedParty: z.array(relatedParty).optional(),
  specCharacteristic: z.array(characteristicSpecification).optional(),
  serviceSpecRelationship: z.array(z.looseObject({ id: z.string(), relationshipType: z.string().optional() })).optional(),
  resourceSpecification: z.array(entityRef).optional(),
  attachment: z.array(z.looseObject({})).optional(),
  targetServiceSchema: z.looseObject({}).optional(),
  "@type": z.string().optional(),
  "@baseType": z.string().optional(),
  "@schemaLocation": z.string().optional(),
};

export const serviceSpecificationCreate = z.looseObject(specificationFields);
export const serviceSpecificationUpdate = serviceSpecificationCreate.partial();
export const serviceSpecification = serviceSpecificationCreate.extend({
  id: z.string(),
  href: z.string().optional(),
  lastUpdate: isoDateTime.optional(),
});
export type ServiceSpecification = z.infer<typeof serviceSpecification>;

const catalogFields = {
  name: z.string().trim().min(1),
  description: z.string().optional(),
  version: z.string().optional(),
  lifecycleStatus: z.string().optional(),
  validFor: timePeriod.optional(),
  category: z.array(entityRef).optional(),
  relatedParty: z.array(relatedParty).optional(),
  "@type": z.string().optional(),
};
export const serviceCatalogCreate = z.looseObject(catalogFields);
export const serviceCatalogUpdate = serviceCatalogCreate.partial();
export const serviceCatalog = serviceCatalogCreate.extend({ id: z.string(), href: z.string().optional() });
export type ServiceCatalog = z.infer<typeof serviceCatalog>;

const categoryFields = {
  name: z.string().trim().min(1),
  description: z.string().optional(),
  version: z.string().optional(),
  lifecycleStatus: z.string().optional(),
  isRoot: z.boolean().optional(),
  parentId: z.string().optional(),
  validFor: timePeriod.optional(),
  category: z.array(entityRef).optional(),
  serviceCandidate: z.array(entityRef).optional(),
  "@type": z.string().optional(),
};
export const serviceCategoryCreate = z.looseObject(categoryFields);
export const serviceCategoryUpdate = serviceCategoryCreate.partial();
export const serviceCategory = serviceCategoryCreate.extend({ id: z.string(), href: z.string().optional() });
export type ServiceCategory = z.infer<typeof serviceCategory>;

const candidateFields = {
  name: z.string().trim().min(1),
  description: z.string().optional(),
  version: z.string().optional(),
  lifecycleStatus: z.string().optional(),
  validFor: timePeriod.optional(),
  category: z.array(entityRef).optional(),
  serviceSpecification: entityRef.optional(),
  "@type": z.string().optional(),
};
export const serviceCandidateCreate = z.looseObject(candidateFields);
export const serviceCandidateUpdate = serviceCandidateCreate.partial();

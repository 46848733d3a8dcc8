import { z } from "zod";
import { entityRef, timePeriod } from "./common";

// TMF620 Product Catalog Management v4.1.0.

export const productLifecycleStatuses = ["In study", "In design", "In test", "Active", "Launched", "Retired", "Obsolete", "Rejected"] as const;

const priceFields = {
  name: z.string().optional(),
  description: z.string().optional(),
  priceType: z.string().optional(),
  recurringChargePeriodType: z.string().optional(),
  recurringChargePeriodLength: z.number().int().optional(),
  unitOfMeasure: z.looseObject({ amount: z.number().optional(), units: z.string().optional() }).optional(),
  price: z.looseObject({ unit: z.string(), value: z.number().nonnegative() }).optional(),
  validFor: timePeriod.optional(),
};
export const productOfferingPriceValue = z.looseObject(priceFields);

const offeringFields = {
  name: z.string().trim().min(1),
  description: z.string().optional(),
  version: z.string().optional(),
  lifecycleStatus: z.string().optional(),
  isBundle: z.boolean().optional(),
  isSellable: z.boolean().optional(),
  statusReason: z.string().optional(),
  validFor: timePeriod.optional(),
  category: z.array(entityRef).optional(),
  channel: z.array(entityRef).optional(),
  place: z.array(entityRef).optional(),
  productSpecification: entityRef.optional(),
  serviceCandidate: entityRef.optional(),
  bundledProductOffering: z.array(entityRef).optional(),
  productOfferingPrice: z.array(z.union([entityRef, z.looseObject(priceFields)])).optional(),
  productOfferingTerm: z.array(z.looseObject({ name: z.string().optional(), description: z.string().optional() })).optional(),
  prodSpecCharValueUse: z.array(z.looseObject({ name: z.string() })).optional(),
  "@type": z.string().optional(),
};
export const productOfferingCreate = z.looseObject(offeringFields);
export const productOfferingUpdate = productOfferingCreate.partial();

const productSpecificationFields = {
  name: z.string().trim().min(1),
  description: z.string().optional(),
  version: z.string().optional(),
  lifecycleStatus: z.string().optional(),
  brand: z.string().optional(),
  productNumber: z.string().optional(),
  isBundle: z.boolean().optional(),
  validFor: timePeriod.optional(),
  serviceSpecification: z.array(entityRef).optional(),
  productSpecCharacteristic: z.array(z.looseObject({ name: z.string() })).optional(),
  relatedParty: z.array(z.looseObject({ id: z.string() })).optional(),
  "@type": z.string().optional(),
};
export const productSpecificationCreate = z.looseObject(productSpecificationFields);
export const productSpecificationUpdate = productSpecificationCreate.partial();

const catalogFields = {
  name: z.string().trim().min(1),
  description: z.string().optional(),
  version: z.string().optional(),
  lifecycleStatus: z.string().optional(),
  catalogType: z.string().optional(),
  validFor: timePeriod.optional(),
  category: z.array(entityRef).optional(),
  relatedParty: z.array(z.looseObject({ id: z.string() })).optional(),
  "@type": z.string().optional(),
};
export const productCatalogCreate = z.looseObject(catalogFields);
export const productCatalogUpdate = productCatalogCreate.partial();

const categoryFields = {
  name: z.string().trim().min(1),
  description: z.string().optional(),
  version: z.string().optional(),
  lifecycleStatus: z.string().optional(),
  isRoot: z.boolean().optional(),
  parentId: z.string().optional(),
  validFor: timePeriod.optional(),
  productOffering: z.array(entityRef).optional(),
  subCategory: z.array(entityRef).optional(),
  "@type": z.string().optional(),
};
export const productCategoryCreate = z.looseObject(categoryFields);
export const productCategoryUpdate = productCategoryCreate.partial();

import { z } from "zod";
import { entityRef, relatedParty, timePeriod } from "@cop-pilot/tmf-schemas";

// TMF634 Resource Catalog v4.1.0: ResourceCatalog and ResourceCategory, which
// @cop-pilot/tmf-schemas does not define. Objects are loose, as TMF entities
// are extensible.

const resourceCatalogFields = {
  name: z.string().trim().min(1),
  description: z.string().optional(),
  version: z.string().optional(),
  lifecycleStatus: z.string().optional(),
  validFor: timePeriod.optional(),
  category: z.array(entityRef).optional(),
  relatedParty: z.array(relatedParty).optional(),
  "@type": z.string().optional(),
};

export const resourceCatalogCreate = z.looseObject(resourceCatalogFields);
export const resourceCatalogUpdate = z.looseObject(
  Object.fromEntries(Object.entries(resourceCatalogFields).map(([key, schema]) => [key, schema.optional()])),
);

const resourceCategoryFields = {
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
};

export const resourceCategoryCreate = z.looseObject(resourceCategoryFields);
export const resourceCategoryUpdate = z.looseObject(
  Object.fromEntries(Object.entries(resourceCategoryFields).map(([key, schema]) => [key, schema.optional()])),
);

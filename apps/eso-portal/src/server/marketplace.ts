import "server-only";
import { asc, eq } from "drizzle-orm";
import type { CharacteristicSpecification } from "@cop-pilot/tmf-schemas";
import { isListedInMarketplace } from "@cop-pilot/service-design";
import { notFound } from "@cop-pilot/tmf-server";
import { schema, type EsoDb } from "./db";
import type { SpecificationDomain } from "./peering/specifications";

export interface MarketplaceSpecification {
  id: string;
  name: string;
  description: string | null;
  version: string | null;
  lifecycleStatus: string | null;
  /** True for a bundle the ESO composed from the specifications of several domains. */
  isBundle: boolean;
  domain: SpecificationDomain | null;
  categoryIds: string[];
  characteristics: CharacteristicSpecification[];
}

export interface MarketplaceCategory {
  id: string;
  name: string;
  description: string | null;
  specifications: MarketplaceSpecification[];
}

export interface MarketplaceCatalog {
  id: string;
  name: string;
  description: string | null;
  categories: MarketplaceCategory[];
}

function toSpecification(document: Record<string, unknown>): MarketplaceSpecification {
  const categories = Array.isArray(document.category) ? (document.category as { id: string }[]) : [];
  return {
    id: String(document.id),
    name: String(document.name),
    description: typeof document.description === "string" ? document.description : null,
    version: typeof document.version === "string" ? document.version : null,
    lifecycleStatus: typeof document.lifecycleStatus === "string" ? document.lifecycleStatus : null,
    isBundle: document.isBundle === true,
    domain: (document.domain as SpecificationDomain | undefined) ?? null,
    categoryIds: categories.map((category) => category.id),
    characteristics: Array.isArray(document.specCharacteristic) ? (document.specCharacteristic as CharacteristicSpecification[]) : [],
  };
}

/**
 * Loads the marketplace as the portal shows it: catalogues, their categories,
 * and the specifications in each category. Specifications in no listed
 * category are returned apart.
 */
export async function loadMarketplace(db: EsoDb): Promise<{ catalogs: MarketplaceCatalog[]; uncategorised: MarketplaceSpecification[]; total: number }> {
  const [catalogRows, categoryRows, specificationRows] = await Promise.all([
    db.select({ document: schema.serviceCatalog.document }).from(schema.serviceCatalog).orderBy(asc(schema.serviceCatalog.name)),
    db.select({ document: schema.serviceCategory.document }).from(schema.serviceCategory).orderBy(asc(schema.serviceCategory.name)),
    db.select({ document: schema.serviceSpecification.document }).from(schema.serviceSpecification).orderBy(asc(schema.serviceSpecification.name)),
  ]);
  // Specifications in design, retired or rejected cannot be ordered, so they leave the marketplace; services ordered from them stay.
  const specifications = specificationRows.map((row) => toSpecification(row.document)).filter((specification) => isListedInMarketplace(specification.lifecycleStatus));
  const categoryById = new Map(categoryRows.map((row) => [String(row.document.id), row.document]));
  const placed = new Set<string>();

  const catalogs = catalogRows.map((row) => {
    const references = Array.isArray(row.document.category) ? (row.document.category as { id: string }[]) : [];
    const categories = references
      .map((reference) => categoryById.get(reference.id))
      .filter((category): category is NonNullable<typeof category> => category !== undefined)
      .map((category) => {
        const members = specifications.filter((specification) => specification.categoryIds.includes(String(category.id)));
        for (const member of members) placed.add(member.id);
        return {
          id: String(category.id),
          name: String(category.name),
          description: typeof category.description === "string" ? category.description : null,
          specifications: members,
        };
      });
    return {
      id: String(row.document.id),
      name: String(row.document.name),
      description: typeof row.document.description === "string" ? row.document.description : null,
      categories,
    };
  });
  return { catalogs, uncategorised: specifications.filter((specification) => !placed.has(specification.id)), total: specifications.length };
}

export async function loadMarketplaceSpecification(db: EsoDb, id: string): Promise<MarketplaceSpecification & { categories: { id: string; name: string }[] }> {
  const [row] = await db.select({ document: schema.serviceSpecification.document }).from(schema.serviceSpecification).where(eq(schema.serviceSpecification.id, id)).limit(1);
  if (!row) throw notFound("ServiceSpecification", id);
  const categories = Array.isArray(row.document.category) ? (row.document.category as { id: string; name?: string }[]) : [];
  return { ...toSpecification(row.document), categories: categories.map((category) => ({ id: category.id, name: category.name ?? category.id })) };
}

/** Catalogues and categories to choose from when importing. */
export async function listCatalogChoices(db: EsoDb) {
  const [catalogs, categories] = await Promise.all([
    db.select({ id: schema.serviceCatalog.id, name: schema.serviceCatalog.name }).from(schema.serviceCatalog).orderBy(asc(schema.serviceCatalog.name)),
    db.select({ id: schema.serviceCategory.id, name: schema.serviceCategory.name }).from(schema.serviceCategory).orderBy(asc(schema.serviceCategory.name)),
  ]);
  return { catalogs, categories };
}

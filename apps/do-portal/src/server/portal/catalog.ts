import "server-only";
import { asc, eq } from "drizzle-orm";
import type { CharacteristicSpecification } from "@cop-pilot/tmf-schemas";
import type { Db } from "@cop-pilot/tmf-server";
import { schema } from "../db";

const { serviceCatalog, serviceCategory, serviceSpecification } = schema;

interface Ref {
  id: string;
  name?: string;
}

export interface CatalogView {
  id: string;
  name: string;
  description?: string;
  lifecycleStatus?: string;
  category: Ref[];
}

export interface CategoryView {
  id: string;
  name: string;
  description?: string;
}

export interface SpecificationView {
  id: string;
  href: string;
  name: string;
  description?: string;
  version?: string;
  lifecycleStatus?: string;
  lastUpdate?: string;
  category: Ref[];
  relatedParty: (Ref & { role?: string })[];
  specCharacteristic: CharacteristicSpecification[];
}

function toSpecification(document: Record<string, unknown>): SpecificationView {
  return {
    ...(document as unknown as SpecificationView),
    category: (document.category as Ref[] | undefined) ?? [],
    relatedParty: (document.relatedParty as SpecificationView["relatedParty"] | undefined) ?? [],
    specCharacteristic: (document.specCharacteristic as CharacteristicSpecification[] | undefined) ?? [],
  };
}

/** Returns every catalogue, category and specification, each list sorted by name. */
export async function loadCatalogTree(database: Db) {
  const catalogs = await database.select({ document: serviceCatalog.document }).from(serviceCatalog).orderBy(asc(serviceCatalog.name));
  const categories = await database.select({ document: serviceCategory.document }).from(serviceCategory).orderBy(asc(serviceCategory.name));
  const specifications = await database
    .select({ document: serviceSpecification.document })
    .from(serviceSpecification)
    .orderBy(asc(serviceSpecification.name));
  return {
    catalogs: catalogs.map((row) => ({ ...(row.document as unknown as CatalogView), category: (row.document.category as Ref[] | undefined) ?? [] })),
    categories: categories.map((row) => row.document as unknown as CategoryView),
    specifications: specifications.map((row) => toSpecification(row.document)),
  };
}

export async function findSpecification(database: Db, id: string): Promise<SpecificationView | undefined> {
  const [row] = await database.select({ document: serviceSpecification.document }).from(serviceSpecification).where(eq(serviceSpecification.id, id));
  return row ? toSpecification(row.document) : undefined;
}

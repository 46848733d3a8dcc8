import "server-only";
import { count, sql } from "drizzle-orm";
import { catalogOfDomain, toServiceSpecification, type Domain } from "@cop-pilot/service-library";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { insertDocument, newId, type Db } from "@cop-pilot/tmf-server";
import { schema } from "../db";
import type { PartyRef } from "./party";

const { serviceCatalog, serviceCategory, serviceSpecification } = schema;

export interface ServiceCatalogSeed {
  catalogs: number;
  categories: number;
  specifications: number;
}

interface CategoryRef {
  id: string;
  href: string;
  name: string;
  "@referredType": "ServiceCategory";
}

function hrefOf(resource: string, id: string, baseUrl: string): string {
  return `${baseUrl}${tmfApiPaths.serviceCatalog}/${resource}/${id}`;
}

/**
 * Publishes the domain's part of the COP-PILOT service library as TMF633
 * resources: its catalogue, the catalogue's categories and every service
 * specification, Active and owned by `owner`. Runs only while the DO has no
 * catalogue, so catalogue changes made later survive restarts. Returns what
 * it created, or null when the catalogue was already there.
 */
export async function seedServiceCatalog(database: Db, domain: Domain, baseUrl: string, owner: PartyRef, libraryDomainId: Domain["id"] = domain.id): Promise<ServiceCatalogSeed | null> {
  const library = catalogOfDomain(libraryDomainId);
  return database.transaction(async (tx) => {
    // Two processes starting on one database must not both seed it.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('cop-pilot-do-service-catalog-seed'))`);
    const [existing] = await tx.select({ total: count() }).from(serviceCatalog);
    if ((existing?.total ?? 0) > 0) return null;

    const categories = new Map<string, CategoryRef>();
    for (const definition of library.categories) {
      const id = newId();
      const document = {
        id,
        href: hrefOf("serviceCategory", id, baseUrl),
        "@type": "ServiceCategory",
        name: definition.name,
        description: definition.description,
        version: "1.0",
        lifecycleStatus: "Active",
        isRoot: true,
      };
      await insertDocument(tx, serviceCategory, document, { name: document.name, lifecycleStatus: document.lifecycleStatus });
      categories.set(definition.slug, { id, href: document.href, name: document.name, "@referredType": "ServiceCategory" });
    }

    const catalogId = newId();
    const catalog = {
      id: catalogId,
      href: hrefOf("serviceCatalog", catalogId, baseUrl),
      "@type": "ServiceCatalog",
      name: library.name,
      description: library.description,
      version: "1.0",
      lifecycleStatus: "Active",
      category: [...categories.values()],
      relatedParty: [owner],
    };
    await insertDocument(tx, serviceCatalog, catalog, { name: catalog.name, lifecycleStatus: catalog.lifecycleStatus });

    for (const definition of library.specifications) {
      const id = newId();
      // The library checks that a specification belongs to the domain, so a new domain publishes under its library entry's id with its own cluster and registry.
      const body = toServiceSpecification(definition, { ...domain, id: libraryDomainId });
      const document = {
        ...body,
        id,
        href: hrefOf("serviceSpecification", id, baseUrl),
        category: definition.categorySlugs.map((slug) => categories.get(slug)!),
        relatedParty: [owner],
      };
      await insertDocument(tx, serviceSpecification, document, {
        name: document.name,
        version: document.version,
        lifecycleStatus: document.lifecycleStatus,
      });
    }

    return { catalogs: 1, categories: categories.size, specifications: library.specifications.length };
  });
}

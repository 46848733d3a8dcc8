import { eq } from "drizzle-orm";
import { serviceCatalog, serviceCategory, serviceSpecification } from "@cop-pilot/db/schema/catalog";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { insertDocument, newId, replaceDocument, type Db, type TmfDocument } from "@cop-pilot/tmf-server";
import type { toDaasSpecification } from "./daas";

// Publication of DaaS specifications in the TMF633 catalogue of the component
// that runs the DM: the DO's own catalogue, or the catalogue of a DM that
// runs alone. Both use the same catalogue tables.

/** Name of the service category that groups the DaaS specifications. */
export const daasCategoryName = "Data-as-a-Service";

function hrefOf(baseUrl: string, resource: string, id: string): string {
  return `${baseUrl}${tmfApiPaths.serviceCatalog}/${resource}/${id}`;
}

/** Returns the DaaS category, creating it and listing it in the first catalogue when it is missing. */
async function ensureDaasCategory(tx: Db, baseUrl: string, catalogName: string) {
  const [existing] = await tx.select({ document: serviceCategory.document }).from(serviceCategory).where(eq(serviceCategory.name, daasCategoryName));
  if (existing) {
    const document = existing.document as TmfDocument;
    return { id: document.id, href: document.href, name: daasCategoryName, "@referredType": "ServiceCategory" };
  }
  const id = newId();
  const category = {
    id,
    href: hrefOf(baseUrl, "serviceCategory", id),
    "@type": "ServiceCategory",
    name: daasCategoryName,
    description: "Datasets of the domain, each offered as a service that grants access to its NGSI-LD endpoint.",
    version: "1.0",
    lifecycleStatus: "Active",
    isRoot: true,
  };
  await insertDocument(tx, serviceCategory, category, { name: category.name, lifecycleStatus: category.lifecycleStatus });
  const ref = { id, href: category.href, name: daasCategoryName, "@referredType": "ServiceCategory" };

  const catalog = await ensureServiceCatalog(tx, baseUrl, catalogName);
  await replaceDocument(tx, serviceCatalog, "ServiceCatalog", { ...catalog, category: [...(catalog.category ?? []), ref] }, { name: String(catalog.name) });
  return ref;
}

/**
 * Returns the first TMF633 catalogue, creating an empty one named
 * `catalogName` when there is none: a domain that offers only data has no
 * service library catalogue.
 */
export async function ensureServiceCatalog(tx: Db, baseUrl: string, catalogName: string): Promise<TmfDocument & { name: string; category?: unknown[] }> {
  const [catalog] = await tx.select({ document: serviceCatalog.document }).from(serviceCatalog).limit(1);
  if (catalog) return catalog.document as TmfDocument & { name: string; category?: unknown[] };
  const catalogId = newId();
  const document = { id: catalogId, href: hrefOf(baseUrl, "serviceCatalog", catalogId), "@type": "ServiceCatalog", name: catalogName, version: "1.0", lifecycleStatus: "Active", category: [] };
  await insertDocument(tx, serviceCatalog, document, { name: document.name, lifecycleStatus: document.lifecycleStatus });
  return document;
}

/** Inserts a DaaS specification into the TMF633 catalogue under the DaaS category; returns its id. */
export async function publishDaasSpecification(
  tx: Db,
  body: ReturnType<typeof toDaasSpecification>,
  options: { baseUrl: string; catalogName: string; owner?: Record<string, unknown> },
): Promise<{ id: string }> {
  const category = await ensureDaasCategory(tx, options.baseUrl, options.catalogName);
  const id = newId();
  const document = {
    ...body,
    id,
    href: hrefOf(options.baseUrl, "serviceSpecification", id),
    category: [category],
    ...(options.owner && { relatedParty: [options.owner] }),
  };
  await insertDocument(tx, serviceSpecification, document, { name: document.name, version: document.version, lifecycleStatus: document.lifecycleStatus });
  return { id };
}

import { eq, sql } from "drizzle-orm";
import { bmpSchema } from "@cop-pilot/db";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { insertDocument, newId, replaceDocument, type Db, type TmfDocument } from "@cop-pilot/tmf-server";

const { productCatalog, productCategory } = bmpSchema;
const base = tmfApiPaths.productCatalog;

/** Values of the indexed columns of the TMF620 tables, read from the document. */
export function catalogColumns(document: Record<string, unknown>) {
  return { name: String(document.name), lifecycleStatus: (document.lifecycleStatus as string | undefined) ?? null };
}

export function versionedColumns(document: Record<string, unknown>) {
  return { ...catalogColumns(document), version: (document.version as string | undefined) ?? null };
}

/** Values of the indexed columns of an offering, including the product specification it sells. */
export function offeringColumns(document: Record<string, unknown>) {
  const specification = document.productSpecification as { id?: unknown } | undefined;
  return { ...versionedColumns(document), productSpecificationId: typeof specification?.id === "string" ? specification.id : null };
}

export function resourceHref(baseUrl: string, resource: string, id: string): string {
  return `${baseUrl}${base}/${resource}/${id}`;
}

type Ref = { id: string; href?: string; name?: string };

/**
 * Serialises find-or-create of catalogues and categories for the rest of the
 * transaction, so that two offerings created at once do not both create the
 * same catalogue.
 */
async function lockCatalogStructure(tx: Db): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('cop-pilot:bmp:product-catalog'))`);
}

/** Returns the catalogue with this name, creating it when missing. */
export async function findOrCreateCatalog(tx: Db, baseUrl: string, input: { name: string; description?: string }): Promise<TmfDocument> {
  await lockCatalogStructure(tx);
  const [row] = await tx.select({ document: productCatalog.document }).from(productCatalog).where(eq(productCatalog.name, input.name)).limit(1);
  if (row) return row.document as TmfDocument;

  const id = newId();
  const document: TmfDocument = {
    id,
    href: resourceHref(baseUrl, "productCatalog", id),
    "@type": "ProductCatalog",
    name: input.name,
    ...(input.description ? { description: input.description } : {}),
    version: "1.0",
    lifecycleStatus: "Launched",
    category: [],
  };
  return insertDocument(tx, productCatalog, document, catalogColumns(document));
}

/**
 * Returns the category with this name (compared without case), creating it
 * when missing, and links it to `catalog` unless it is linked already.
 */
export async function findOrCreateCategory(
  tx: Db,
  baseUrl: string,
  catalog: TmfDocument,
  input: { name: string; description?: string },
): Promise<TmfDocument> {
  await lockCatalogStructure(tx);
  const [row] = await tx
    .select({ document: productCategory.document })
    .from(productCategory)
    .where(sql`lower(${productCategory.name}) = lower(${input.name})`)
    .limit(1);

  let category: TmfDocument;
  if (row) {
    category = row.document as TmfDocument;
  } else {
    const id = newId();
    const document: TmfDocument = {
      id,
      href: resourceHref(baseUrl, "productCategory", id),
      "@type": "Category",
      name: input.name,
      ...(input.description ? { description: input.description } : {}),
      version: "1.0",
      lifecycleStatus: "Launched",
      isRoot: true,
    };
    category = await insertDocument(tx, productCategory, document, catalogColumns(document));
  }

  const refs = (catalog.category as Ref[] | undefined) ?? [];
  if (!refs.some((ref) => ref.id === category.id)) {
    const [current] = await tx.select({ document: productCatalog.document }).from(productCatalog).where(eq(productCatalog.id, catalog.id)).for("update");
    const latest = (current?.document ?? catalog) as TmfDocument;
    const latestRefs = (latest.category as Ref[] | undefined) ?? [];
    const updated = { ...latest, category: [...latestRefs, { id: category.id, href: category.href, name: category.name as string }] };
    await replaceDocument(tx, productCatalog, "ProductCatalog", updated, catalogColumns(updated));
  }
  return category;
}

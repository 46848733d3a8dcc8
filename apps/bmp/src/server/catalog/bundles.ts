import { inArray } from "drizzle-orm";
import { z } from "zod";
import { bmpSchema } from "@cop-pilot/db";
import { TmfError, insertDocument, invalidBody, newId, type Db, type Principal, type TmfDocument, recordAudit } from "@cop-pilot/tmf-server";
import { assertAllowed, businessAdmins } from "../access";
import { newOfferingInput, offeringPrices, offeringTerms } from "./offerings";
import { findOrCreateCatalog, findOrCreateCategory, offeringColumns, resourceHref } from "./store";

// A bundle is an offering (`isBundle`) that sells other offerings together
// through `bundledProductOffering`, e.g. services of several domains. It has
// no product specification of its own: each bundled offering brings its own,
// and an order for the bundle deploys every service of every bundled offering.

const { productOffering } = bmpSchema;

/** Lifecycle statuses of offerings that can no longer be sold, in a bundle or alone. */
export const unsellableStatuses: readonly string[] = ["Retired", "Obsolete", "Rejected"];

type Ref = { id: string; href?: string; name?: string };

/**
 * Checks the bundled offerings of a bundle: at least two, no repeats, each
 * existing, sellable and not a bundle itself. Returns the references rebuilt
 * from the stored offerings.
 */
export async function checkBundledOfferings(tx: Db, bundle: TmfDocument): Promise<Ref[]> {
  const refs = (bundle.bundledProductOffering as Ref[] | undefined) ?? [];
  if (refs.length < 2) throw new TmfError("unprocessable", `bundledProductOffering: a bundle sells at least two offerings, got ${refs.length}`);
  const ids = refs.map((ref) => ref.id);
  const repeated = ids.filter((id, index) => ids.indexOf(id) !== index);
  if (repeated.length > 0) throw new TmfError("invalidBody", `bundledProductOffering: ${[...new Set(repeated)].join(", ")} given more than once`);
  if (ids.includes(bundle.id)) throw new TmfError("unprocessable", "bundledProductOffering: a bundle cannot contain itself");

  const rows = await tx.select({ document: productOffering.document }).from(productOffering).where(inArray(productOffering.id, ids));
  const found = new Map(rows.map((row) => [(row.document as TmfDocument).id, row.document as TmfDocument]));
  return ids.map((id) => {
    const offering = found.get(id);
    if (!offering) throw new TmfError("unprocessable", `bundledProductOffering: ProductOffering ${id} does not exist`);
    if (offering.isBundle === true) throw new TmfError("unprocessable", `bundledProductOffering: ProductOffering ${id} is a bundle itself; bundle its offerings directly`);
    if (unsellableStatuses.includes(String(offering.lifecycleStatus))) {
      throw new TmfError("unprocessable", `bundledProductOffering: ProductOffering ${id} is ${String(offering.lifecycleStatus)} and can no longer be sold`);
    }
    return { id, href: offering.href, name: String(offering.name), "@referredType": "ProductOffering" };
  });
}

/** Input of the "New bundle" form: the offerings it sells together, and its own name, category, prices and terms. */
export const newBundleInput = newOfferingInput
  .pick({ name: true, description: true, categoryName: true, oneTimePrice: true, monthlyPrice: true, usagePrice: true, usageUnit: true, slaTerms: true, validFrom: true, validTo: true })
  .extend({
    bundledOfferingIds: z.array(z.string().trim().min(1)).min(2, "Choose at least two offerings").max(10, "Choose at most 10 offerings"),
  });

/** Catalogue of the bundles, which may span the pilot clusters. */
const bundleCatalog = { name: "Cross-domain bundles", description: "Products that combine services of several domains." };

/**
 * Creates a bundle offering (In design) over existing offerings, in the
 * catalogue of bundles and the chosen category.
 */
export async function createBundleOffering(db: Db, principal: Principal, rawInput: unknown, baseUrl: string): Promise<TmfDocument> {
  assertAllowed(principal, businessAdmins, "create product offerings");
  const parsed = newBundleInput.safeParse(rawInput);
  if (!parsed.success) throw invalidBody(parsed.error);
  const input = parsed.data;

  return db.transaction(async (tx) => {
    const id = newId();
    const draft: TmfDocument = { id, href: resourceHref(baseUrl, "productOffering", id), bundledProductOffering: input.bundledOfferingIds.map((offeringId) => ({ id: offeringId })) };
    const bundled = await checkBundledOfferings(tx, draft);
    const catalog = await findOrCreateCatalog(tx, baseUrl, bundleCatalog);
    const category = await findOrCreateCategory(tx, baseUrl, catalog, { name: input.categoryName || "Bundles" });
    const offering: TmfDocument = {
      ...draft,
      "@type": "ProductOffering",
      name: input.name,
      ...(input.description ? { description: input.description } : {}),
      version: "1.0",
      lifecycleStatus: "In design",
      isBundle: true,
      isSellable: true,
      bundledProductOffering: bundled,
      category: [{ id: category.id, href: category.href, name: category.name, "@referredType": "Category" }],
      productOfferingPrice: offeringPrices(input),
      ...offeringTerms(input),
    };
    await recordAudit(tx, principal, { action: "create", resourceType: "ProductOffering", resourceId: id, summary: `Created bundle offering "${input.name}" of ${bundled.length} offerings` });
    return insertDocument(tx, productOffering, offering, offeringColumns(offering));
  });
}

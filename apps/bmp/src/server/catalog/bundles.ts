import { inArray } from "drizzle-orm";
import { bmpSchema } from "@cop-pilot/db";
import { TmfError, type Db, type TmfDocument } from "@cop-pilot/tmf-server";

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

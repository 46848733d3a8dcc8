import { desc, eq } from "drizzle-orm";
import { schema, type EsoDb } from "../db";

/** A change the availability check made to a marketplace specification, as the peer page lists it. */
export interface SpecificationChangeView {
  serviceSpecificationId: string;
  remoteId: string;
  /** Name of the marketplace copy; null while the specification is out of the marketplace. */
  name: string | null;
  change: string;
  fromVersion: string | null;
  toVersion: string | null;
  changedAttributes: string[];
  changedAt: string;
}

/** Lists the latest changes to a peer's specifications, newest first. */
export async function listSpecificationChanges(db: EsoDb, peerId: string, limit = 20): Promise<SpecificationChangeView[]> {
  const rows = await db
    .select({ change: schema.federatedSpecificationChange, name: schema.serviceSpecification.name })
    .from(schema.federatedSpecificationChange)
    .leftJoin(schema.serviceSpecification, eq(schema.serviceSpecification.id, schema.federatedSpecificationChange.serviceSpecificationId))
    .where(eq(schema.federatedSpecificationChange.peerId, peerId))
    .orderBy(desc(schema.federatedSpecificationChange.changedAt), desc(schema.federatedSpecificationChange.id))
    .limit(limit);
  return rows.map(({ change, name }) => ({
    serviceSpecificationId: change.serviceSpecificationId,
    remoteId: change.remoteId,
    name,
    change: change.change,
    fromVersion: change.fromVersion,
    toVersion: change.toVersion,
    changedAttributes: change.changedAttributes ?? [],
    changedAt: change.changedAt.toISOString(),
  }));
}

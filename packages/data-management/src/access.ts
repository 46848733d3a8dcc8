import { createHash, randomBytes, randomUUID } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { dmAccessGrant, dmConnector, dmDataset } from "@cop-pilot/db/schema/data-management";
import type { Db } from "@cop-pilot/tmf-server";

// Who may do what on the NGSI-LD endpoint. The domain itself (its owner and
// its API clients) may do everything; a push connector's token may write its
// own dataset; another domain reads (or subscribes to) the datasets it holds
// an access grant for. A grant comes from an active TMF638 service that an
// order of the DaaS specification produced, and ends with that service.

export type GrantRow = typeof dmAccessGrant.$inferSelect;
export type AccessMode = GrantRow["accessMode"];

export type DataAccess =
  | { kind: "owner"; name: string }
  | { kind: "connector"; connectorId: string; datasetId: string; entityType: string }
  | { kind: "grant"; grant: GrantRow; entityType: string };

/** An active DaaS service of the domain's service inventory, as the DM needs it to grant access. */
export interface DaasServiceGrant {
  serviceId: string;
  datasetId: string;
  consumerParty: string;
  accessMode: AccessMode;
}

/**
 * The domain's TMF638 service inventory, as the DM reads it. The DO
 * implements it over its own service table; a DM deployed alone over its own.
 */
export interface ServiceInventoryReader {
  /** Finds the active DaaS service ordered with this token hash. */
  findActiveDaasService(tokenSha256: string): Promise<DaasServiceGrant | undefined>;
  /** Whether the service still exists and is active. */
  isServiceActive(serviceId: string): Promise<boolean>;
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Generates a bearer token of 32 random bytes, URL-safe. */
export function generateToken(): string {
  return randomBytes(32).toString("base64url");
}

export async function revokeGrant(db: Db, grantId: string, reason: string): Promise<void> {
  await db
    .update(dmAccessGrant)
    .set({ revokedAt: new Date(), revocationReason: reason })
    .where(and(eq(dmAccessGrant.id, grantId), isNull(dmAccessGrant.revokedAt)));
}

/**
 * Returns the grant if it still holds. A grant whose service is gone or no
 * longer active is revoked on the spot, so access ends with the order.
 */
export async function checkGrant(db: Db, grant: GrantRow, inventory: ServiceInventoryReader): Promise<GrantRow | undefined> {
  if (grant.revokedAt) return undefined;
  if (!(await inventory.isServiceActive(grant.serviceId))) {
    await revokeGrant(db, grant.id, `Service ${grant.serviceId} is no longer active`);
    return undefined;
  }
  return grant;
}

async function entityTypeOfDataset(db: Db, datasetId: string): Promise<string | undefined> {
  const [row] = await db.select({ entityType: dmDataset.entityType }).from(dmDataset).where(eq(dmDataset.id, datasetId));
  return row?.entityType;
}

/**
 * Resolves a bearer token that is not the domain's own: a push connector's
 * token or a consumer's grant token. Returns null when the token grants
 * nothing (unknown, or its service ended).
 */
export async function resolveTokenAccess(db: Db, token: string, inventory: ServiceInventoryReader): Promise<DataAccess | null> {
  const hash = sha256Hex(token);

  const [connector] = await db
    .select({ id: dmConnector.id, datasetId: dmConnector.datasetId, entityType: dmDataset.entityType })
    .from(dmConnector)
    .innerJoin(dmDataset, eq(dmDataset.id, dmConnector.datasetId))
    .where(and(eq(dmConnector.kind, "ngsi-ld"), sql`${dmConnector.config} ->> 'tokenSha256' = ${hash}`));
  if (connector) return { kind: "connector", connectorId: connector.id, datasetId: connector.datasetId, entityType: connector.entityType };

  const [stored] = await db.select().from(dmAccessGrant).where(eq(dmAccessGrant.tokenSha256, hash)).orderBy(desc(dmAccessGrant.grantedAt)).limit(1);
  if (stored) {
    const grant = await checkGrant(db, stored, inventory);
    if (!grant) return null;
    const entityType = await entityTypeOfDataset(db, grant.datasetId);
    if (!entityType) return null;
    await db.update(dmAccessGrant).set({ lastUsedAt: new Date() }).where(eq(dmAccessGrant.id, grant.id));
    return { kind: "grant", grant, entityType };
  }

  const service = await inventory.findActiveDaasService(hash);
  if (!service) return null;
  const entityType = await entityTypeOfDataset(db, service.datasetId);
  if (!entityType) return null;
  const [created] = await db
    .insert(dmAccessGrant)
    .values({ id: randomUUID(), ...service, tokenSha256: hash, lastUsedAt: new Date() })
    // A grant the owner revoked for this service stays revoked.
    .onConflictDoNothing({ target: dmAccessGrant.serviceId })
    .returning();
  if (!created) return null;
  return { kind: "grant", grant: created, entityType };
}

export async function listGrants(db: Db, datasetId?: string): Promise<GrantRow[]> {
  return db
    .select()
    .from(dmAccessGrant)
    .where(datasetId ? eq(dmAccessGrant.datasetId, datasetId) : undefined)
    .orderBy(desc(dmAccessGrant.grantedAt));
}

/** Entity types the access may read; undefined means every type. */
export function readableTypes(access: DataAccess): string[] | undefined {
  return access.kind === "owner" ? undefined : [access.entityType];
}

import "server-only";
import { and, count, eq, type SQL } from "drizzle-orm";
import { createLogger } from "@cop-pilot/logger";
import { newId, notFound, recordAudit, TmfError, type Principal } from "@cop-pilot/tmf-server";
import { z } from "zod";
import { schema, type EsoDb } from "../db";
import { assertOrganizationAccess, organizationScope } from "./access";
import { fabricDriverOf, fabricFailure } from "./drivers";
import { loadFabricNetwork } from "./fabric-networks";
import { loadOrganization } from "./organizations";

const log = createLogger("expansion.identities");

// Steps 1 and 2 of the platform expansion: a fabric identity for a new
// domain, its one-time enrollment token, and its state as the ESO polls the
// controller (connected once enrolled and online, disconnected when offline).

export type FabricIdentityRow = typeof schema.fabricIdentity.$inferSelect;

/** Role attribute of every domain identity, which the policies of registered clusters select. */
export const domainRoleAttribute = "cop-pilot-domain";

const identityName = z
  .string()
  .trim()
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, "must be lowercase letters, digits and '-', at most 63 characters, such as oulu-edge");

export const createIdentityInput = z.object({
  fabricNetworkId: z.string().trim().min(1, "is required"),
  name: identityName,
  domainName: z.string().trim().min(1, "is required").max(200),
  location: z
    .object({ name: z.string().trim().min(1, "is required").max(200), latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) })
    .optional(),
  /** Platform admins name the organization; a domain owner's identity always belongs to their own. */
  organizationId: z.string().trim().min(1).optional(),
  purpose: z.enum(["domain", "test"]).default("domain"),
});
export type CreateIdentityInput = z.input<typeof createIdentityInput>;

export interface FabricIdentityView {
  id: string;
  name: string;
  fabricNetworkId: string;
  organizationId: string;
  purpose: string;
  domainName: string;
  locationName: string | null;
  latitude: number | null;
  longitude: number | null;
  status: string;
  enrolled: boolean;
  online: boolean;
  connectedAt: string | null;
  lastCheckedAt: string | null;
  lastError: string | null;
  createdAt: string;
}

export function toIdentityView(row: FabricIdentityRow): FabricIdentityView {
  return {
    id: row.id,
    name: row.name,
    fabricNetworkId: row.fabricNetworkId,
    organizationId: row.organizationId,
    purpose: row.purpose,
    domainName: row.domainName,
    locationName: row.locationName,
    latitude: row.latitude,
    longitude: row.longitude,
    status: row.status,
    enrolled: row.enrolled,
    online: row.online,
    connectedAt: row.connectedAt?.toISOString() ?? null,
    lastCheckedAt: row.lastCheckedAt?.toISOString() ?? null,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Loads an identity the caller may see; others get the 404 of a missing identity. */
export async function loadIdentity(db: EsoDb, principal: Principal, id: string): Promise<FabricIdentityRow> {
  const [row] = await db.select().from(schema.fabricIdentity).where(eq(schema.fabricIdentity.id, id)).limit(1);
  if (!row) throw notFound("FabricIdentity", id);
  assertOrganizationAccess(principal, row.organizationId, "FabricIdentity", id);
  return row;
}

export async function listIdentities(db: EsoDb, principal: Principal, filter: { fabricNetworkId?: string } = {}): Promise<FabricIdentityView[]> {
  const scope = organizationScope(principal);
  const conditions: SQL[] = [];
  if (scope !== undefined) conditions.push(eq(schema.fabricIdentity.organizationId, scope));
  if (filter.fabricNetworkId !== undefined) conditions.push(eq(schema.fabricIdentity.fabricNetworkId, filter.fabricNetworkId));
  const rows = await db
    .select()
    .from(schema.fabricIdentity)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(schema.fabricIdentity.name);
  return rows.map(toIdentityView);
}

/** Creates the identity on the controller, then records it; a controller failure records nothing. */
export async function createIdentity(db: EsoDb, principal: Principal, input: z.infer<typeof createIdentityInput>): Promise<FabricIdentityView> {
  const scope = organizationScope(principal);
  if (scope !== undefined && input.organizationId !== undefined && input.organizationId !== scope) {
    throw new TmfError("forbidden", "A domain owner creates identities for their own organization only; leave organizationId out");
  }
  const organizationId = scope ?? input.organizationId;
  if (organizationId === undefined) throw new TmfError("invalidBody", "organizationId: is required when a platform admin creates an identity");
  await loadOrganization(db, organizationId, "organizationId");
  const network = await loadFabricNetwork(db, input.fabricNetworkId).catch(() => {
    throw new TmfError("unprocessable", `fabricNetworkId: Fabric network "${input.fabricNetworkId}" does not exist`);
  });
  const [taken] = await db
    .select({ id: schema.fabricIdentity.id })
    .from(schema.fabricIdentity)
    .where(and(eq(schema.fabricIdentity.fabricNetworkId, network.id), eq(schema.fabricIdentity.name, input.name)))
    .limit(1);
  if (taken) throw new TmfError("conflict", `Fabric network "${network.name}" has an identity named "${input.name}" already; choose another name`);

  const driver = fabricDriverOf(db, network);
  let remote;
  try {
    remote = await driver.createIdentity({ name: input.name, roleAttributes: [domainRoleAttribute, `org-${organizationId}`.slice(0, 100)] });
  } catch (error) {
    throw fabricFailure(`Creating identity "${input.name}" on fabric network "${network.name}"`, error);
  }

  const id = newId();
  try {
    await db.transaction(async (tx) => {
      await tx.insert(schema.fabricIdentity).values({
        id,
        fabricNetworkId: network.id,
        remoteId: remote.id,
        name: input.name,
        organizationId,
        purpose: input.purpose,
        domainName: input.domainName,
        locationName: input.location?.name ?? null,
        latitude: input.location?.latitude ?? null,
        longitude: input.location?.longitude ?? null,
        createdBy: principal.kind === "user" ? principal.id : principal.name,
      });
      await recordAudit(tx, principal, {
        action: "create",
        resourceType: "FabricIdentity",
        resourceId: id,
        summary: `Created identity "${input.name}" on fabric network "${network.name}"`,
        detail: { fabricNetworkId: network.id, organizationId, purpose: input.purpose },
      });
    });
  } catch (error) {
    // Keeps the controller free of an identity the ESO does not know about.
    await driver.deleteIdentity(remote.id).catch((cleanupError: unknown) => log.warn({ err: cleanupError, remoteId: remote.id }, "could not delete an unrecorded fabric identity"));
    throw error;
  }
  log.info({ identityId: id, remoteId: remote.id, fabricNetworkId: network.id, organizationId }, "fabric identity created");
  const [row] = await db.select().from(schema.fabricIdentity).where(eq(schema.fabricIdentity.id, id));
  return toIdentityView(row!);
}

/** Returns the enrollment JWT to download; only while the identity has not enrolled. */
export async function enrollmentToken(db: EsoDb, principal: Principal, id: string): Promise<{ name: string; jwt: string }> {
  const identity = await loadIdentity(db, principal, id);
  const network = await loadFabricNetwork(db, identity.fabricNetworkId);
  try {
    return { name: identity.name, jwt: await fabricDriverOf(db, network).getEnrollmentJwt(identity.remoteId) };
  } catch (error) {
    throw fabricFailure(`Reading the enrollment token of identity "${identity.name}"`, error);
  }
}

/** Deletes an identity on the controller and in the ESO; an identity that a registered cluster uses is kept. */
export async function deleteIdentity(db: EsoDb, principal: Principal, id: string): Promise<void> {
  const identity = await loadIdentity(db, principal, id);
  const [clusters] = await db.select({ total: count() }).from(schema.domainCluster).where(eq(schema.domainCluster.fabricIdentityId, id));
  if (Number(clusters?.total ?? 0) > 0) throw new TmfError("conflict", `Identity "${identity.name}" connects ${clusters!.total} registered cluster(s); remove them first`);
  const network = await loadFabricNetwork(db, identity.fabricNetworkId);
  try {
    await fabricDriverOf(db, network).deleteIdentity(identity.remoteId);
  } catch (error) {
    throw fabricFailure(`Deleting identity "${identity.name}"`, error);
  }
  // NOTE: the controller has deleted the identity by now; a failure below leaves the ESO's row, which the next poll marks removed.
  await db.transaction(async (tx) => {
    await tx.delete(schema.fabricIdentity).where(eq(schema.fabricIdentity.id, id));
    await recordAudit(tx, principal, { action: "delete", resourceType: "FabricIdentity", resourceId: id, summary: `Deleted identity "${identity.name}"`, detail: { fabricNetworkId: identity.fabricNetworkId } });
  });
  log.info({ identityId: id, remoteId: identity.remoteId }, "fabric identity deleted");
}

/** Derives the identity status from the controller's view: connected needs both enrollment and an edge router connection. */
export function identityStatus(remote: { enrolled: boolean; online: boolean } | undefined, previous: string): string {
  if (!remote) return "removed";
  if (remote.enrolled && remote.online) return "connected";
  if (remote.enrolled) return "disconnected";
  return previous === "pendingEnrollment" ? "pendingEnrollment" : "disconnected";
}

/**
 * Polls each fabric network for the identities the ESO created and records
 * enrollment, online state and the derived status. A network that fails is
 * logged and retried at the next poll; the others go on.
 */
export async function pollIdentities(db: EsoDb): Promise<{ checked: number; changed: number }> {
  const networks = await db.select().from(schema.fabricNetwork);
  let checked = 0;
  let changed = 0;
  for (const network of networks) {
    const identities = await db.select().from(schema.fabricIdentity).where(eq(schema.fabricIdentity.fabricNetworkId, network.id));
    if (identities.length === 0) continue;
    let remoteById: Map<string, { enrolled: boolean; online: boolean }>;
    try {
      const remote = await fabricDriverOf(db, network).listIdentities();
      remoteById = new Map(remote.map((identity) => [identity.id, identity]));
    } catch (error) {
      const message = fabricFailure(`Polling fabric network "${network.name}"`, error).message;
      log.warn({ fabricNetworkId: network.id, error: message }, "fabric poll failed; retrying at the next interval");
      await db.update(schema.fabricIdentity).set({ lastError: message, lastCheckedAt: new Date() }).where(eq(schema.fabricIdentity.fabricNetworkId, network.id));
      continue;
    }
    for (const identity of identities) {
      checked += 1;
      const remote = remoteById.get(identity.remoteId);
      const status = identityStatus(remote, identity.status);
      const now = new Date();
      if (status !== identity.status) {
        changed += 1;
        log.info({ identityId: identity.id, from: identity.status, to: status }, "fabric identity status changed");
      }
      await db
        .update(schema.fabricIdentity)
        .set({
          status,
          enrolled: remote?.enrolled ?? false,
          online: remote?.online ?? false,
          lastCheckedAt: now,
          lastError: remote ? null : "The identity no longer exists on the fabric controller",
          ...(status === "connected" && identity.status !== "connected" ? { connectedAt: now } : {}),
        })
        .where(eq(schema.fabricIdentity.id, identity.id));
    }
  }
  return { checked, changed };
}

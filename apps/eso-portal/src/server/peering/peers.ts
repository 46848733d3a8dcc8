import { and, count, desc, eq, inArray, isNotNull, notInArray } from "drizzle-orm";
import { createLogger } from "@cop-pilot/logger";
import { finalServiceOrderStates, tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { TmfClientError } from "@cop-pilot/tmf-client";
import { insertDocument, newId, notFound, TmfError, recordAudit, type AuditActor } from "@cop-pilot/tmf-server";
import { schema, type EsoDb } from "../db";
import { lookUpClusterKind } from "./cluster-kind";
import type { AddPeerInput } from "./schemas";
import { detectDialect } from "./dialects/detect";
import { OAuth2TokenError } from "./dialects/oauth2";
import type { PeerDialect } from "./dialects/types";
import { describePeerFailure, peerAdapter, type PeerConnection } from "./peer-client";
import { registerAtPeerHub, unregisterAtPeerHub } from "./peer-events";
import { toPeerView, type PeerRow, type PeerView } from "./views";

const log = createLogger("peering");

/** Loads a peer with its token, for calls to the DO; throws a 404 TMF error when it does not exist. */
export async function loadPeer(db: EsoDb, id: string): Promise<PeerRow> {
  const [row] = await db.select().from(schema.peer).where(eq(schema.peer.id, id)).limit(1);
  if (!row) throw notFound("Peer", id);
  return row;
}

async function describePeers(db: EsoDb, rows: PeerRow[]): Promise<PeerView[]> {
  if (rows.length === 0) return [];
  const organizationIds = [...new Set(rows.map((row) => row.organizationId))];
  const organizations = await db
    .select({ id: schema.organization.id, name: schema.organization.name, href: schema.organization.href })
    .from(schema.organization)
    .where(inArray(schema.organization.id, organizationIds));
  const counts = await db
    .select({ peerId: schema.serviceSpecification.peerId, total: count() })
    .from(schema.serviceSpecification)
    .where(inArray(schema.serviceSpecification.peerId, rows.map((row) => row.id)))
    .groupBy(schema.serviceSpecification.peerId);
  const lastChecks = await db
    .selectDistinctOn([schema.peerCheck.peerId])
    .from(schema.peerCheck)
    .where(inArray(schema.peerCheck.peerId, rows.map((row) => row.id)))
    .orderBy(schema.peerCheck.peerId, desc(schema.peerCheck.checkedAt), desc(schema.peerCheck.id));
  const organizationById = new Map(organizations.map((organization) => [organization.id, organization]));
  const countByPeer = new Map(counts.map((entry) => [entry.peerId, Number(entry.total)]));
  const lastCheckByPeer = new Map(lastChecks.map((check) => [check.peerId, check]));
  return rows.map((row) => toPeerView(row, organizationById.get(row.organizationId), countByPeer.get(row.id) ?? 0, lastCheckByPeer.get(row.id)));
}

export async function listPeers(db: EsoDb): Promise<PeerView[]> {
  const rows = await db.select().from(schema.peer).orderBy(schema.peer.name);
  return describePeers(db, rows);
}

export async function getPeer(db: EsoDb, id: string): Promise<PeerView> {
  const [view] = await describePeers(db, [await loadPeer(db, id)]);
  return view!;
}

/** Names of the reachable peers that deploy into a simulated cluster, for the portal's stand-in notice. */
export async function listSimulatedPeerNames(db: EsoDb): Promise<string[]> {
  const rows = await db
    .select({ name: schema.peer.name })
    .from(schema.peer)
    .where(and(eq(schema.peer.availability, "reachable"), eq(schema.peer.clusterKind, "simulated")))
    .orderBy(schema.peer.name);
  return rows.map((row) => row.name);
}

async function assertEndpointFree(db: EsoDb, endpoint: string): Promise<void> {
  const [taken] = await db.select({ id: schema.peer.id, name: schema.peer.name }).from(schema.peer).where(eq(schema.peer.endpoint, endpoint)).limit(1);
  if (taken) throw new TmfError("conflict", `The DO at ${endpoint} is already peered as "${taken.name}" (peer ${taken.id})`);
}

async function assertOrganizationExists(db: EsoDb, id: string): Promise<void> {
  const [found] = await db.select({ id: schema.organization.id }).from(schema.organization).where(eq(schema.organization.id, id)).limit(1);
  if (!found) throw new TmfError("unprocessable", `organization.id: Organization "${id}" does not exist; create it first or give the name of a new one`);
}

/**
 * Peers the ESO with a DO ("Add OSS"). The ESO first detects the DO's dialect
 * unless the admin chose one, then authenticates by listing the DO's service
 * specifications in that dialect. When the DO rejects the credentials, cannot
 * be reached or replies in neither dialect, nothing is saved. Then it reads the kind of
 * cluster the DO deploys into, which may stay unknown. A new organization is
 * created in the same transaction as the peer.
 */
export async function addPeer(db: EsoDb, input: AddPeerInput, options: { baseUrl: string; actor: AuditActor }): Promise<PeerView> {
  await assertEndpointFree(db, input.endpoint);
  if (input.organization.id !== undefined) await assertOrganizationExists(db, input.organization.id);

  const connection: PeerConnection = { endpoint: input.endpoint, apiToken: input.apiToken ?? null, oauth2: input.oauth2 ?? null };
  let dialect: PeerDialect;
  try {
    dialect = input.dialect === "auto" ? (await detectDialect(connection)).dialect : input.dialect;
    connection.dialect = dialect;
    // Reading the whole list in the chosen dialect checks both the credentials and the dialect before anything is saved.
    await peerAdapter(connection).listServiceSpecifications();
  } catch (error) {
    log.info({ endpoint: input.endpoint, dialect: input.dialect, error: (error as Error).message }, "peering rejected: the DO check failed");
    const unreadable = error instanceof TmfClientError && !(error instanceof OAuth2TokenError) && error.status === 502;
    const reason = unreadable
      ? `the DO at ${input.endpoint} replied in neither the TMF v4 nor the OpenSlice dialect (tried ${connection.dialect ?? "detection"}): ${error.message}`
      : describePeerFailure(input.endpoint, error);
    throw new TmfError("unprocessable", `Peering failed: ${reason}`, { cause: error });
  }
  const clusterKind = await lookUpClusterKind(connection, null);

  const id = newId();
  await db.transaction(async (tx) => {
    await assertEndpointFree(tx, input.endpoint);
    let organizationId = input.organization.id;
    if (organizationId !== undefined) {
      await assertOrganizationExists(tx, organizationId);
    } else {
      organizationId = newId();
      await insertDocument(
        tx,
        schema.organization,
        {
          id: organizationId,
          href: `${options.baseUrl}${tmfApiPaths.party}/organization/${organizationId}`,
          "@type": "Organization",
          name: input.organization.name!,
          tradingName: input.organization.name!,
          organizationType: input.organization.organizationType ?? "DomainOrchestratorOperator",
          status: "validated",
        },
        { name: input.organization.name!, status: "validated" },
      );
    }
    await tx.insert(schema.peer).values({
      id,
      name: input.name,
      endpoint: input.endpoint,
      apiToken: input.apiToken ?? null,
      oauth2: input.oauth2 ?? null,
      dialect,
      organizationId,
      locationName: input.location.name,
      latitude: input.location.latitude,
      longitude: input.location.longitude,
      availability: "reachable",
      lastCheckedAt: new Date(),
      clusterKind,
    });
    await recordAudit(tx, options.actor, { action: "create", resourceType: "Peer", resourceId: id, summary: `Peered with "${input.name}" at ${input.endpoint}`, detail: { dialect } });
  });
  log.info({ peerId: id, name: input.name, endpoint: input.endpoint, dialect, clusterKind }, "peer added");
  await registerAtPeerHub(db, id);
  return getPeer(db, id);
}

/**
 * Removes a peer and takes its specifications out of the marketplace. A peer
 * that still carries unfinished delegated orders is kept, because the ESO
 * would lose track of them.
 */
export async function removePeer(db: EsoDb, id: string, actor: AuditActor): Promise<{ removedSpecifications: number }> {
  const [registered] = await db.select().from(schema.peer).where(eq(schema.peer.id, id));
  const result = await db.transaction(async (tx) => {
    const peer = await loadPeer(tx, id);
    const [open] = await tx
      .select({ total: count() })
      .from(schema.serviceOrderDelegation)
      .innerJoin(schema.serviceOrder, eq(schema.serviceOrder.id, schema.serviceOrderDelegation.serviceOrderId))
      .where(and(eq(schema.serviceOrderDelegation.peerId, id), notInArray(schema.serviceOrder.state, [...finalServiceOrderStates])));
    if (Number(open?.total ?? 0) > 0) {
      throw new TmfError("conflict", `Peer "${peer.name}" still has ${open!.total} unfinished service order(s); wait for them to finish or cancel them first`);
    }
    const removed = await tx
      .delete(schema.serviceSpecification)
      .where(and(isNotNull(schema.serviceSpecification.peerId), eq(schema.serviceSpecification.peerId, id)))
      .returning({ id: schema.serviceSpecification.id });
    await tx.delete(schema.peer).where(eq(schema.peer.id, id));
    await recordAudit(tx, actor, { action: "delete", resourceType: "Peer", resourceId: id, summary: `Removed peer "${peer.name}" and ${removed.length} imported specification(s)` });
    return { name: peer.name, removedSpecifications: removed.length };
  });
  if (registered) await unregisterAtPeerHub(db, registered);
  log.info({ peerId: id, name: result.name, removedSpecifications: result.removedSpecifications }, "peer removed");
  return { removedSpecifications: result.removedSpecifications };
}

import { and, eq, inArray } from "drizzle-orm";
import { createLogger } from "@cop-pilot/logger";
import { env } from "@/env";
import { schema, type EsoDb } from "../db";
import { lookUpClusterKind, toClusterKind } from "./cluster-kind";
import { describePeerFailure, peerServiceClient } from "./peer-client";
import { registerAtPeerHub } from "./peer-events";
import { getPeer, loadPeer } from "./peers";
import { importSpecifications } from "./specifications";
import type { PeerView } from "./views";

const log = createLogger("availability");

export interface AvailabilityCheckResult {
  peer: PeerView;
  /** Ids of the marketplace specifications the check removed. */
  removedSpecificationIds: string[];
  /** Ids of the marketplace specifications the check put back, because their DO offers them again. */
  restoredSpecificationIds: string[];
}

/**
 * Checks one peer by listing its service specifications. A reachable DO keeps
 * the imported specifications it still offers; the others leave the
 * marketplace. An unreachable DO, or one that rejects the token, loses all of
 * them. The `peer_import` records stay in both cases, and a reachable DO gets
 * back the recorded specifications it offers again. A reachable DO is also
 * asked again which kind of cluster it deploys into.
 */
export async function checkPeer(db: EsoDb, peerId: string): Promise<AvailabilityCheckResult> {
  const peer = await loadPeer(db, peerId);
  let remoteIds: Set<string> | undefined;
  let failure: string | undefined;
  try {
    const remote = await peerServiceClient(peer).listServiceSpecifications();
    remoteIds = new Set(remote.map((specification) => specification.id));
  } catch (error) {
    failure = describePeerFailure(peer.endpoint, error);
  }
  const previousClusterKind = toClusterKind(peer.clusterKind);
  const clusterKind = failure === undefined ? await lookUpClusterKind(peer, previousClusterKind) : previousClusterKind;

  const removed = await db.transaction(async (tx) => {
    const imported = await tx
      .select({ id: schema.serviceSpecification.id, remoteId: schema.serviceSpecification.remoteId })
      .from(schema.serviceSpecification)
      .where(eq(schema.serviceSpecification.peerId, peer.id));
    const gone = remoteIds === undefined ? imported : imported.filter((row) => !remoteIds.has(row.remoteId ?? ""));
    if (gone.length > 0) {
      await tx.delete(schema.serviceSpecification).where(
        and(
          eq(schema.serviceSpecification.peerId, peer.id),
          inArray(
            schema.serviceSpecification.id,
            gone.map((row) => row.id),
          ),
        ),
      );
    }
    await tx
      .update(schema.peer)
      .set({ availability: failure === undefined ? "reachable" : "unreachable", lastCheckedAt: new Date(), lastError: failure ?? null, clusterKind })
      .where(eq(schema.peer.id, peer.id));
    return gone;
  });

  const availability = failure === undefined ? "reachable" : "unreachable";
  if (availability !== peer.availability) {
    const level = availability === "reachable" ? "info" : "warn";
    log[level]({ peerId: peer.id, name: peer.name, from: peer.availability, to: availability, error: failure }, `peer is ${availability}`);
  }
  if (clusterKind !== previousClusterKind) {
    log.info({ peerId: peer.id, name: peer.name, from: previousClusterKind, to: clusterKind }, "the DO reports another cluster kind");
  }
  if (removed.length > 0) {
    log.warn(
      { peerId: peer.id, name: peer.name, removed: removed.map((row) => ({ id: row.id, remoteId: row.remoteId })) },
      availability === "reachable" ? "specifications gone from the DO were removed from the marketplace" : "specifications of an unreachable DO were removed from the marketplace",
    );
  }
  const restored = remoteIds === undefined ? [] : await restoreImports(db, peer.id, remoteIds);
  return { peer: await getPeer(db, peer.id), removedSpecificationIds: removed.map((row) => row.id), restoredSpecificationIds: restored };
}

/**
 * Imports again, with their earlier ids, catalogues and categories, the
 * specifications recorded in `peer_import` that the DO offers but the
 * marketplace lacks, e.g. after the DO was unreachable for a while. Returns
 * the marketplace ids of the restored specifications.
 */
async function restoreImports(db: EsoDb, peerId: string, remoteIds: Set<string>): Promise<string[]> {
  const records = await db.select().from(schema.peerImport).where(eq(schema.peerImport.peerId, peerId));
  const present = await db
    .select({ remoteId: schema.serviceSpecification.remoteId, category: schema.serviceSpecification.document })
    .from(schema.serviceSpecification)
    .where(eq(schema.serviceSpecification.peerId, peerId));
  const placed = new Set(
    present.flatMap((row) => ((row.category as { category?: { id: string }[] }).category ?? []).map((ref) => `${row.remoteId}/${ref.id}`)),
  );
  const missing = records.filter((record) => remoteIds.has(record.remoteId) && !placed.has(`${record.remoteId}/${record.categoryId}`));

  const groups = new Map<string, { catalogId: string; categoryId: string; remoteIds: string[] }>();
  for (const record of missing) {
    const key = `${record.catalogId}/${record.categoryId}`;
    const group = groups.get(key) ?? { catalogId: record.catalogId, categoryId: record.categoryId, remoteIds: [] };
    group.remoteIds.push(record.remoteId);
    groups.set(key, group);
  }

  const restored: string[] = [];
  for (const group of groups.values()) {
    try {
      const result = await importSpecifications(
        db,
        peerId,
        { specificationIds: group.remoteIds, catalog: { id: group.catalogId }, category: { id: group.categoryId } },
        { baseUrl: env().PUBLIC_URL },
      );
      restored.push(...result.specifications.map((specification) => specification.id));
      log.info({ peerId, catalogId: group.catalogId, categoryId: group.categoryId, remoteIds: group.remoteIds }, "specifications of a returning DO restored");
    } catch (error) {
      // A catalogue or category deleted since the import cannot take the specification back; the admin imports it elsewhere.
      log.warn({ err: error, peerId, catalogId: group.catalogId, categoryId: group.categoryId }, "could not restore imported specifications");
    }
  }
  return [...new Set(restored)];
}

/** Checks every peer, one after the other; a failure on one peer is logged and does not stop the others. */
export async function checkAllPeers(db: EsoDb): Promise<void> {
  const peers = await db.select({ id: schema.peer.id }).from(schema.peer);
  for (const { id } of peers) {
    try {
      const result = await checkPeer(db, id);
      // The DO may have lost the registration in a restart with a fresh database, or have been down when the ESO peered.
      if (result.peer.availability === "reachable") await registerAtPeerHub(db, id);
    } catch (error) {
      log.error({ err: error, peerId: id }, "availability check of a peer failed");
    }
  }
}

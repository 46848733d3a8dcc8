import { and, eq, inArray } from "drizzle-orm";
import { createLogger } from "@cop-pilot/logger";
import { schema, type EsoDb } from "../db";
import { lookUpClusterKind, toClusterKind } from "./cluster-kind";
import { describePeerFailure, peerServiceClient } from "./peer-client";
import { getPeer, loadPeer } from "./peers";
import type { PeerView } from "./views";

const log = createLogger("availability");

export interface AvailabilityCheckResult {
  peer: PeerView;
  /** Ids of the marketplace specifications the check removed. */
  removedSpecificationIds: string[];
}

/**
 * Checks one peer by listing its service specifications. A reachable DO keeps
 * the imported specifications it still offers; the others leave the
 * marketplace. An unreachable DO, or one that rejects the token, loses all of
 * them. The `peer_import` records stay in both cases. A reachable DO is also
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
  // TODO: put the specifications of `peer_import` back into the marketplace once a DO that was unreachable responds again. Until then the admin imports them again.
  return { peer: await getPeer(db, peer.id), removedSpecificationIds: removed.map((row) => row.id) };
}

/** Checks every peer, one after the other; a failure on one peer is logged and does not stop the others. */
export async function checkAllPeers(db: EsoDb): Promise<void> {
  const peers = await db.select({ id: schema.peer.id }).from(schema.peer);
  for (const { id } of peers) {
    try {
      await checkPeer(db, id);
    } catch (error) {
      log.error({ err: error, peerId: id }, "availability check of a peer failed");
    }
  }
}

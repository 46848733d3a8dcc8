import { and, desc, eq, inArray, lt } from "drizzle-orm";
import { createLogger } from "@cop-pilot/logger";
import type { ServiceSpecification } from "@cop-pilot/tmf-schemas";
import { replaceDocument, type TmfDocument } from "@cop-pilot/tmf-server";
import { env } from "@/env";
import { schema, type EsoDb } from "../db";
import { refreshDomainCapacity } from "../capacity/domain-capacity";
import { lookUpClusterKind, toClusterKind } from "./cluster-kind";
import { describePeerFailure, peerAdapter } from "./peer-client";
import { registerAtPeerHub } from "./peer-events";
import { getPeer, loadPeer } from "./peers";
import { importSpecifications, ownerReference, recordSpecificationSync, specificationSyncValues, toMarketplaceSpecification } from "./specifications";
import type { PeerCheckReport, PeerRow, PeerView } from "./views";

const log = createLogger("availability");

/** Check reports kept per peer; older ones are deleted. */
const keptChecksPerPeer = 50;

export interface AvailabilityCheckResult {
  peer: PeerView;
  report: PeerCheckReport;
  /** Ids of the marketplace specifications the check removed. */
  removedSpecificationIds: string[];
  /** Ids of the marketplace specifications the check put back, because their DO offers them again. */
  restoredSpecificationIds: string[];
  /** Ids of the marketplace specifications the check updated in place, because their DO changed them. */
  updatedSpecificationIds: string[];
}

type ImportedRow = { id: string; remoteId: string | null; version: string | null; document: Record<string, unknown> };

/**
 * Checks one peer by listing its service specifications in summary form.
 * A reachable DO keeps the imported specifications it still offers; the
 * others leave the marketplace. Specifications whose list entry differs from
 * the last copy (version, `lastUpdate`, name, description or status) are
 * fetched in full and updated in place. An unreachable DO, or one that
 * rejects the credentials, loses all of them. The `peer_import` records stay
 * in both cases, and a reachable DO gets back the recorded specifications it
 * offers again. A reachable DO is also asked again which kind of cluster it
 * deploys into. Each check stores a report with its counts.
 */
export async function checkPeer(db: EsoDb, peerId: string): Promise<AvailabilityCheckResult> {
  const started = performance.now();
  const peer = await loadPeer(db, peerId);
  let remote: Map<string, ServiceSpecification> | undefined;
  let failure: string | undefined;
  try {
    const summaries = await peerAdapter(peer).listServiceSpecifications({ summary: true });
    remote = new Map(summaries.map((specification) => [specification.id, specification]));
  } catch (error) {
    failure = describePeerFailure(peer.endpoint, error);
  }
  const previousClusterKind = toClusterKind(peer.clusterKind);
  const clusterKind = failure === undefined ? await lookUpClusterKind(peer, previousClusterKind) : previousClusterKind;

  const imported: ImportedRow[] = await db
    .select({ id: schema.serviceSpecification.id, remoteId: schema.serviceSpecification.remoteId, version: schema.serviceSpecification.version, document: schema.serviceSpecification.document })
    .from(schema.serviceSpecification)
    .where(eq(schema.serviceSpecification.peerId, peer.id));
  const vanished = remote === undefined ? imported : imported.filter((row) => !remote.has(row.remoteId ?? ""));
  const stillOffered = remote === undefined ? [] : imported.filter((row) => remote.has(row.remoteId ?? ""));
  const changed = remote === undefined ? [] : await fetchChangedSpecifications(db, peer, stillOffered, remote);

  const updated = await db.transaction(async (tx) => {
    if (vanished.length > 0) {
      await tx.delete(schema.serviceSpecification).where(
        and(
          eq(schema.serviceSpecification.peerId, peer.id),
          inArray(
            schema.serviceSpecification.id,
            vanished.map((row) => row.id),
          ),
        ),
      );
      await tx.insert(schema.federatedSpecificationChange).values(
        vanished.map((row) => ({ serviceSpecificationId: row.id, peerId: peer.id, remoteId: row.remoteId ?? "", change: "removed", fromVersion: row.version })),
      );
    }
    const updatedIds = await applyChanges(tx, peer, changed);
    await tx
      .update(schema.peer)
      .set({ availability: failure === undefined ? "reachable" : "unreachable", lastCheckedAt: new Date(), lastError: failure ?? null, clusterKind })
      .where(eq(schema.peer.id, peer.id));
    return updatedIds;
  });

  const availability = failure === undefined ? "reachable" : "unreachable";
  if (availability !== peer.availability) {
    const level = availability === "reachable" ? "info" : "warn";
    log[level]({ peerId: peer.id, name: peer.name, from: peer.availability, to: availability, error: failure }, `peer is ${availability}`);
  }
  if (clusterKind !== previousClusterKind) {
    log.info({ peerId: peer.id, name: peer.name, from: previousClusterKind, to: clusterKind }, "the DO reports another cluster kind");
  }
  if (vanished.length > 0) {
    log.warn(
      { peerId: peer.id, name: peer.name, removed: vanished.map((row) => ({ id: row.id, remoteId: row.remoteId })) },
      availability === "reachable" ? "specifications gone from the DO were removed from the marketplace" : "specifications of an unreachable DO were removed from the marketplace",
    );
  }
  if (updated.length > 0) log.info({ peerId: peer.id, name: peer.name, updated }, "specifications changed by the DO were updated in the marketplace");
  const restored = remote === undefined ? [] : await restoreImports(db, peer.id, new Set(remote.keys()));

  const [check] = await db
    .insert(schema.peerCheck)
    .values({
      peerId: peer.id,
      availability,
      unchanged: stillOffered.length - updated.length,
      updated: updated.length,
      removed: vanished.length,
      restored: restored.length,
      durationMs: Math.round(performance.now() - started),
      error: failure ?? null,
    })
    .returning();
  await pruneChecks(db, peer.id);
  return {
    peer: await getPeer(db, peer.id),
    report: {
      checkedAt: check!.checkedAt.toISOString(),
      availability,
      unchanged: check!.unchanged,
      updated: check!.updated,
      removed: check!.removed,
      restored: check!.restored,
      durationMs: check!.durationMs,
      error: check!.error,
    },
    removedSpecificationIds: vanished.map((row) => row.id),
    restoredSpecificationIds: restored,
    updatedSpecificationIds: updated,
  };
}

interface ChangedSpecification {
  row: ImportedRow;
  /** The DO's full specification; undefined when only the list entry changed and fetching it failed. */
  remote: ServiceSpecification | undefined;
  summary: ServiceSpecification;
}

/**
 * Compares the DO's list entries with the sync records and fetches in full
 * only the specifications whose entry differs or that have no record yet.
 */
async function fetchChangedSpecifications(db: EsoDb, peer: PeerRow, kept: ImportedRow[], remote: Map<string, ServiceSpecification>): Promise<ChangedSpecification[]> {
  const records = await db.select().from(schema.peerSpecificationSync).where(eq(schema.peerSpecificationSync.peerId, peer.id));
  const fingerprintByRemoteId = new Map(records.map((record) => [record.remoteId, record.listFingerprint]));
  const adapter = peerAdapter(peer);
  const changed: ChangedSpecification[] = [];
  for (const row of kept) {
    const summary = remote.get(row.remoteId!)!;
    // NOTE: a DO that changes only the characteristics, without a new version or lastUpdate, goes unnoticed until one of those changes.
    if (fingerprintByRemoteId.get(summary.id) === specificationSyncValues(peer.id, summary).listFingerprint) continue;
    try {
      changed.push({ row, summary, remote: await adapter.getServiceSpecification(summary.id) });
    } catch (error) {
      // The copy stays as it is, and the next check tries again because the sync record is unchanged.
      log.warn({ peerId: peer.id, remoteId: summary.id, error: describePeerFailure(peer.endpoint, error) }, "could not fetch a changed specification");
    }
  }
  return changed;
}

/** Serialises a JSON value with the keys of every object sorted, because jsonb does not keep the order they were written in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, entry]) => entry !== undefined);
    entries.sort(([left], [right]) => left.localeCompare(right));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Top-level attributes whose values differ between two documents, ignoring `lastUpdate`. */
export function changedAttributes(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  keys.delete("lastUpdate");
  return [...keys].filter((key) => canonicalJson(before[key]) !== canonicalJson(after[key])).sort();
}

/** Writes the changed specifications in place, keeping their id, href and categories; returns the ids of the copies that changed. */
async function applyChanges(db: EsoDb, peer: PeerRow, changed: ChangedSpecification[]): Promise<string[]> {
  if (changed.length === 0) return [];
  const owner = await ownerReference(db, peer, env().PUBLIC_URL);
  const updated: string[] = [];
  for (const { row, remote } of changed) {
    if (remote === undefined) continue;
    const document = toMarketplaceSpecification(remote, { id: row.id, href: String(row.document.href), category: row.document.category as TmfDocument["category"], peer, organization: owner });
    const attributes = changedAttributes(row.document, document);
    await recordSpecificationSync(db, peer.id, remote);
    if (attributes.length === 0) continue;
    await replaceDocument(db, schema.serviceSpecification, "ServiceSpecification", document, {
      name: document.name,
      version: document.version ?? null,
      lifecycleStatus: document.lifecycleStatus ?? null,
      peerId: peer.id,
      remoteId: remote.id,
    });
    await db.insert(schema.federatedSpecificationChange).values({
      serviceSpecificationId: row.id,
      peerId: peer.id,
      remoteId: remote.id,
      change: "updated",
      fromVersion: row.version,
      toVersion: (document.version as string | undefined) ?? null,
      changedAttributes: attributes,
    });
    updated.push(row.id);
  }
  return updated;
}

async function pruneChecks(db: EsoDb, peerId: string): Promise<void> {
  const [oldestKept] = await db
    .select({ id: schema.peerCheck.id })
    .from(schema.peerCheck)
    .where(eq(schema.peerCheck.peerId, peerId))
    .orderBy(desc(schema.peerCheck.id))
    .offset(keptChecksPerPeer - 1)
    .limit(1);
  if (oldestKept) await db.delete(schema.peerCheck).where(and(eq(schema.peerCheck.peerId, peerId), lt(schema.peerCheck.id, oldestKept.id)));
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
  const presentRemoteIds = new Set(present.map((row) => row.remoteId));
  const missing = records.filter((record) => remoteIds.has(record.remoteId) && !placed.has(`${record.remoteId}/${record.categoryId}`));

  const groups = new Map<string, { catalogId: string; categoryId: string; remoteIds: string[] }>();
  for (const record of missing) {
    const key = `${record.catalogId}/${record.categoryId}`;
    const group = groups.get(key) ?? { catalogId: record.catalogId, categoryId: record.categoryId, remoteIds: [] };
    group.remoteIds.push(record.remoteId);
    groups.set(key, group);
  }

  const restored = new Map<string, string>();
  for (const group of groups.values()) {
    try {
      const result = await importSpecifications(
        db,
        peerId,
        { specificationIds: group.remoteIds, catalog: { id: group.catalogId }, category: { id: group.categoryId } },
        { baseUrl: env().PUBLIC_URL },
      );
      for (const specification of result.specifications) restored.set(specification.id, specification.remoteId);
      log.info({ peerId, catalogId: group.catalogId, categoryId: group.categoryId, remoteIds: group.remoteIds }, "specifications of a returning DO restored");
    } catch (error) {
      // A catalogue or category deleted since the import cannot take the specification back; the admin imports it elsewhere.
      log.warn({ err: error, peerId, catalogId: group.catalogId, categoryId: group.categoryId }, "could not restore imported specifications");
    }
  }
  // A specification that was only missing from one of its categories was not out of the marketplace, so it counts as kept, not restored.
  const returned = [...restored].filter(([, remoteId]) => !presentRemoteIds.has(remoteId));
  if (returned.length > 0) {
    await db.insert(schema.federatedSpecificationChange).values(returned.map(([id, remoteId]) => ({ serviceSpecificationId: id, peerId, remoteId, change: "restored" })));
  }
  return returned.map(([id]) => id);
}

/** Checks every peer, one after the other; a failure on one peer is logged and does not stop the others. */
export async function checkAllPeers(db: EsoDb): Promise<void> {
  const peers = await db.select({ id: schema.peer.id }).from(schema.peer);
  for (const { id } of peers) {
    try {
      const result = await checkPeer(db, id);
      // The DO may have lost the registration in a restart with a fresh database, or have been down when the ESO peered.
      if (result.peer.availability === "reachable") {
        await registerAtPeerHub(db, id);
        await refreshDomainCapacity(await loadPeer(db, id));
      }
    } catch (error) {
      log.error({ err: error, peerId: id }, "availability check of a peer failed");
    }
  }
}

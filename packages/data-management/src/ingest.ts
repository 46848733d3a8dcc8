import { eq, sql } from "drizzle-orm";
import { dmConnector } from "@cop-pilot/db/schema/data-management";
import type { Db } from "@cop-pilot/tmf-server";
import { attributeNames, parseEntity, type Entity, type Rejection } from "./entity";
import { runPipeline } from "./pipeline";
import { findDatasetByType, recordRejections, storeEntities, type Dataset, type WriteMode } from "./store";
import type { Notifier } from "./subscriptions";

// The one path by which data enters the DM: every connector hands its
// records to `ingestEntities`, which validates them, runs the dataset's
// pipeline, stores what passes and records what does not.

export interface IngestSource {
  /** Connector that received the records; its counters are updated and its rejections listed. */
  connectorId?: string;
  /** When set, every record must be of this dataset's entity type. */
  dataset?: Dataset;
}

export interface IngestResult {
  /** Records stored, after the pipeline: several records of one entity count once each. */
  storedRecords: number;
  /** Ids of the entities stored. */
  written: string[];
  /** Ids among `written` that were new. */
  created: string[];
  rejections: Rejection[];
}

/**
 * Validates, prepares and stores a batch of records. `records` are raw
 * NGSI-LD entities; `prepared` entities from the CSV or pull mapping, which
 * have been validated by it. Runs in one transaction, then queues the
 * notifications.
 */
export async function ingestEntities(
  db: Db,
  input: { records?: readonly unknown[]; prepared?: { entities: Entity[]; indexes: number[] }; mode: WriteMode; source: IngestSource; earlierRejections?: Rejection[] },
  notifier?: Notifier,
): Promise<IngestResult> {
  const rejections: Rejection[] = [...(input.earlierRejections ?? [])];
  const batches = new Map<string, { dataset: Dataset; entities: Entity[]; indexes: number[] }>();
  const datasets = new Map<string, Dataset | undefined>();
  if (input.source.dataset) datasets.set(input.source.dataset.entityType, input.source.dataset);

  const candidates: { entity: Entity; index: number }[] = [];
  input.records?.forEach((record, index) => {
    const parsed = parseEntity(record);
    if (parsed.ok) candidates.push({ entity: parsed.entity, index });
    else rejections.push({ index, record, reason: parsed.reason });
  });
  input.prepared?.entities.forEach((entity, position) => candidates.push({ entity, index: input.prepared!.indexes[position]! }));

  const result = await db.transaction(async (tx) => {
    for (const { entity, index } of candidates) {
      if (input.source.dataset && entity.type !== input.source.dataset.entityType) {
        rejections.push({ index, record: entity, reason: `type ${entity.type} does not belong to dataset "${input.source.dataset.title}", which holds ${input.source.dataset.entityType}` });
        continue;
      }
      if (!datasets.has(entity.type)) datasets.set(entity.type, await findDatasetByType(tx, entity.type));
      const dataset = datasets.get(entity.type);
      if (!dataset) {
        rejections.push({ index, record: entity, reason: `no dataset holds entity type ${entity.type}; a domain owner creates one in the portal first` });
        continue;
      }
      const batch = batches.get(dataset.id) ?? { dataset, entities: [], indexes: [] };
      batch.entities.push(entity);
      batch.indexes.push(index);
      batches.set(dataset.id, batch);
    }

    const written: string[] = [];
    const created: string[] = [];
    let storedRecords = 0;
    const changes: { entityType: string; ids: string[]; attributes: Set<string> }[] = [];
    for (const { dataset, entities, indexes } of batches.values()) {
      const prepared = runPipeline(entities, dataset.pipeline, indexes);
      rejections.push(...prepared.rejections);
      const stored = await storeEntities(tx, dataset, prepared.entities, input.mode);
      written.push(...stored.written);
      created.push(...stored.created);
      const writtenIds = new Set(stored.written);
      const existing = new Set(stored.existing);
      storedRecords += prepared.entities.filter((entity) => writtenIds.has(entity.id)).length;
      prepared.entities.forEach((entity) => {
        if (writtenIds.has(entity.id)) return;
        const index = indexes[entities.findIndex((candidate) => candidate.id === entity.id)] ?? -1;
        const reason = existing.has(entity.id) ? `entity ${entity.id} already exists` : `entity ${entity.id} exists with another type`;
        rejections.push({ index, record: { id: entity.id, type: entity.type }, reason });
      });
      const attributes = new Set(prepared.entities.flatMap(attributeNames));
      changes.push({ entityType: dataset.entityType, ids: stored.written, attributes });
    }

    const datasetId = input.source.dataset?.id ?? (batches.size === 1 ? [...batches.values()][0]!.dataset.id : null);
    await recordRejections(tx, { datasetId, connectorId: input.source.connectorId ?? null }, rejections);
    if (input.source.connectorId) {
      await tx
        .update(dmConnector)
        .set({
          acceptedCount: sql`${dmConnector.acceptedCount} + ${written.length}`,
          rejectedCount: sql`${dmConnector.rejectedCount} + ${rejections.length}`,
          lastRunAt: new Date(),
          lastError: null,
        })
        .where(eq(dmConnector.id, input.source.connectorId));
    }
    return { written, created, changes, storedRecords };
  });

  for (const change of result.changes) notifier?.entitiesChanged(change.entityType, change.ids, change.attributes);
  rejections.sort((a, b) => a.index - b.index);
  return { storedRecords: result.storedRecords, written: result.written, created: result.created, rejections };
}

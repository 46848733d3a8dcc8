import { randomUUID } from "node:crypto";
import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import { dmAttributeInstance, dmConnector, dmDataset, dmEntity, dmRejectedRecord } from "@cop-pilot/db/schema/data-management";
import { TmfError, notFound, type Db } from "@cop-pilot/tmf-server";
import { datasetDescriptionSchema, type DatasetDescription } from "./dcat";
import { attributeNames, type Entity, type Rejection } from "./entity";
import { observedAtOf, pipelineSchema, type PipelineStep } from "./pipeline";

// Persistence of datasets, entities and their history. Every write of an
// attribute appends an attribute instance, so the history of an entity is
// complete from its first record on.

export type DatasetRow = typeof dmDataset.$inferSelect;
export type ConnectorRow = typeof dmConnector.$inferSelect;

export interface Dataset {
  id: string;
  entityType: string;
  title: string;
  description: DatasetDescription;
  pipeline: PipelineStep[];
  serviceSpecificationId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Parses a stored row, so that a row written by an older version cannot pass unchecked. */
export function toDataset(row: DatasetRow): Dataset {
  return {
    ...row,
    description: datasetDescriptionSchema.parse(row.description),
    pipeline: pipelineSchema.parse(row.pipeline),
  };
}

export async function listDatasets(db: Db): Promise<Dataset[]> {
  const rows = await db.select().from(dmDataset).orderBy(asc(dmDataset.title));
  return rows.map(toDataset);
}

export async function findDataset(db: Db, id: string): Promise<Dataset | undefined> {
  const [row] = await db.select().from(dmDataset).where(eq(dmDataset.id, id));
  return row && toDataset(row);
}

export async function getDataset(db: Db, id: string): Promise<Dataset> {
  const dataset = await findDataset(db, id);
  if (!dataset) throw notFound("Dataset", id);
  return dataset;
}

export async function findDatasetByType(db: Db, entityType: string): Promise<Dataset | undefined> {
  const [row] = await db.select().from(dmDataset).where(eq(dmDataset.entityType, entityType));
  return row && toDataset(row);
}

export interface NewDataset {
  entityType: string;
  title: string;
  description: DatasetDescription;
  pipeline: PipelineStep[];
}

export async function insertDataset(db: Db, input: NewDataset): Promise<Dataset> {
  if (await findDatasetByType(db, input.entityType)) {
    throw new TmfError("conflict", `A dataset for entity type ${input.entityType} already exists; each type belongs to one dataset`);
  }
  const [row] = await db
    .insert(dmDataset)
    .values({ id: randomUUID(), ...input })
    .returning();
  return toDataset(row!);
}

export async function updateDataset(db: Db, id: string, change: Partial<Pick<Dataset, "title" | "description" | "pipeline" | "serviceSpecificationId">>): Promise<void> {
  await db
    .update(dmDataset)
    .set({ ...change, updatedAt: new Date() })
    .where(eq(dmDataset.id, id));
}

export interface DatasetStatistics {
  entities: number;
  attributeInstances: number;
  lastObservedAt: Date | null;
  rejectedRecords: number;
}

export async function datasetStatistics(db: Db, dataset: Dataset): Promise<DatasetStatistics> {
  const [entities] = await db.select({ total: count() }).from(dmEntity).where(eq(dmEntity.datasetId, dataset.id));
  const [instances] = await db
    .select({ total: count(), last: sql<string | null>`max(${dmAttributeInstance.observedAt})` })
    .from(dmAttributeInstance)
    .where(eq(dmAttributeInstance.entityType, dataset.entityType));
  const [rejected] = await db.select({ total: count() }).from(dmRejectedRecord).where(eq(dmRejectedRecord.datasetId, dataset.id));
  return {
    entities: entities?.total ?? 0,
    attributeInstances: instances?.total ?? 0,
    lastObservedAt: instances?.last ? new Date(instances.last) : null,
    rejectedRecords: rejected?.total ?? 0,
  };
}

/** What a write does with an entity that exists: merge attributes (upsert), or refuse to create it twice (create). */
export type WriteMode = "upsert" | "create";

export interface StoredEntities {
  /** Ids of the entities written, in batch order. */
  written: string[];
  /** Ids among `written` that did not exist before. */
  created: string[];
  /** Entities refused because they exist (create mode). */
  existing: string[];
}

/**
 * Writes a batch of entities of one dataset in one statement per table: the
 * current state merges the new attributes into the stored ones, and every
 * attribute becomes an attribute instance of the history. Several fragments
 * of one entity in a batch are applied in order.
 */
export async function storeEntities(db: Db, dataset: Dataset, entities: readonly Entity[], mode: WriteMode, now = new Date()): Promise<StoredEntities> {
  if (entities.length === 0) return { written: [], created: [], existing: [] };
  const merged = new Map<string, Entity>();
  for (const entity of entities) merged.set(entity.id, { ...(merged.get(entity.id) ?? {}), ...entity });

  let existing: string[] = [];
  if (mode === "create") {
    const rows = await db.select({ id: dmEntity.id }).from(dmEntity).where(inArray(dmEntity.id, [...merged.keys()]));
    existing = rows.map((row) => row.id);
    for (const id of existing) merged.delete(id);
  }
  if (merged.size === 0) return { written: [], created: [], existing };

  const upserted = await db
    .insert(dmEntity)
    .values([...merged.values()].map((entity) => ({ id: entity.id, type: entity.type, datasetId: dataset.id, entity, createdAt: now, modifiedAt: now })))
    .onConflictDoUpdate({
      target: dmEntity.id,
      set: {
        entity: sql`${dmEntity.entity} || excluded.entity`,
        modifiedAt: sql`excluded.modified_at`,
      },
      // An id stored under another type is left alone; the caller reports it.
      setWhere: sql`${dmEntity.type} = excluded.type`,
    })
    // xmax is 0 only for a row this statement inserted, not for one it updated.
    .returning({ id: dmEntity.id, inserted: sql<boolean>`(xmax = 0)` });
  const writtenIds = new Set(upserted.map((row) => row.id));
  for (const id of merged.keys()) if (!writtenIds.has(id)) merged.delete(id);

  const instances = entities
    .filter((entity) => merged.has(entity.id))
    .flatMap((entity) =>
      attributeNames(entity).map((attribute) => {
        const instance = entity[attribute] as Record<string, unknown>;
        // An attribute without observedAt, such as a station's location, belongs to the reading it came with.
        const readingTime = observedAtOf(entity);
        let observedAt = now;
        if (typeof instance.observedAt === "string") observedAt = new Date(instance.observedAt);
        else if (readingTime) observedAt = new Date(readingTime);
        return { entityId: entity.id, entityType: entity.type, attribute, observedAt, instance, recordedAt: now };
      }),
    );
  // PostgreSQL limits a statement to 65535 parameters; six per row stays well below with 5000 rows.
  for (let start = 0; start < instances.length; start += 5000) {
    await db.insert(dmAttributeInstance).values(instances.slice(start, start + 5000));
  }
  return { written: [...merged.keys()], created: upserted.filter((row) => row.inserted).map((row) => row.id), existing };
}

export async function getEntityRow(db: Db, id: string) {
  const [row] = await db.select().from(dmEntity).where(eq(dmEntity.id, id));
  return row;
}

/** Deletes an entity and its history; returns false when it did not exist. */
export async function deleteEntity(db: Db, id: string): Promise<boolean> {
  const deleted = await db.delete(dmEntity).where(eq(dmEntity.id, id)).returning({ id: dmEntity.id });
  return deleted.length > 0;
}

export async function recordRejections(db: Db, target: { datasetId: string | null; connectorId: string | null }, rejections: readonly Rejection[]): Promise<void> {
  if (rejections.length === 0) return;
  for (let start = 0; start < rejections.length; start += 5000) {
    await db.insert(dmRejectedRecord).values(
      rejections.slice(start, start + 5000).map((rejection) => ({
        ...target,
        recordIndex: rejection.index,
        record: rejection.record ?? null,
        reason: rejection.reason,
      })),
    );
  }
}

export async function listRejectedRecords(db: Db, filter: { datasetId?: string; connectorId?: string }, limit = 50) {
  const condition = filter.connectorId ? eq(dmRejectedRecord.connectorId, filter.connectorId) : filter.datasetId ? eq(dmRejectedRecord.datasetId, filter.datasetId) : undefined;
  return db.select().from(dmRejectedRecord).where(condition).orderBy(desc(dmRejectedRecord.id)).limit(limit);
}

import { randomUUID } from "node:crypto";
import { and, asc, eq, isNotNull, lte, sql } from "drizzle-orm";
import { dmConnector } from "@cop-pilot/db/schema/data-management";
import type { Logger } from "@cop-pilot/logger";
import { TmfError, notFound, type Db } from "@cop-pilot/tmf-server";
import { z } from "zod";
import { generateToken, sha256Hex } from "./access";
import { csvMappingSchema, csvToEntities } from "./csv";
import { ingestEntities, type IngestResult } from "./ingest";
import { fetchPullSource, pullConfigSchema, pulledDocumentToEntities } from "./pull";
import { getDataset, type ConnectorRow } from "./store";
import type { Notifier } from "./subscriptions";

// Connectors as a domain owner configures them in the portal.

/** Maximum size of an uploaded CSV file. */
export const maxCsvBytes = 10 * 1024 * 1024;

const connectorName = z.string().trim().min(1, "name is missing").max(100);

export const connectorCreateSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("ngsi-ld"), datasetId: z.string().min(1), name: connectorName }),
  z.object({ kind: z.literal("http-pull"), datasetId: z.string().min(1), name: connectorName, config: pullConfigSchema }),
  z.object({ kind: z.literal("csv"), datasetId: z.string().min(1), name: connectorName, config: csvMappingSchema }),
]);

export type ConnectorCreate = z.input<typeof connectorCreateSchema>;

export interface CreatedConnector {
  connector: ConnectorRow;
  /** Bearer token of a push connector, shown once; only its hash is stored. */
  token?: string;
}

export async function createConnector(db: Db, input: ConnectorCreate): Promise<CreatedConnector> {
  const parsed = connectorCreateSchema.safeParse(input);
  if (!parsed.success) throw new TmfError("invalidBody", parsed.error.issues.map((issue) => `${issue.path.join(".") || "connector"}: ${issue.message}`).join("; "));
  const data = parsed.data;
  await getDataset(db, data.datasetId);
  const id = randomUUID();
  if (data.kind === "ngsi-ld") {
    const token = generateToken();
    const [connector] = await db.insert(dmConnector).values({ id, datasetId: data.datasetId, kind: data.kind, name: data.name, config: { tokenSha256: sha256Hex(token) } }).returning();
    return { connector: connector!, token };
  }
  const [connector] = await db
    .insert(dmConnector)
    .values({ id, datasetId: data.datasetId, kind: data.kind, name: data.name, config: data.config, nextRunAt: data.kind === "http-pull" ? new Date() : null })
    .returning();
  return { connector: connector! };
}

export async function listConnectors(db: Db, datasetId?: string): Promise<ConnectorRow[]> {
  return db
    .select()
    .from(dmConnector)
    .where(datasetId ? eq(dmConnector.datasetId, datasetId) : undefined)
    .orderBy(asc(dmConnector.createdAt));
}

export async function getConnector(db: Db, id: string): Promise<ConnectorRow> {
  const [row] = await db.select().from(dmConnector).where(eq(dmConnector.id, id));
  if (!row) throw notFound("Connector", id);
  return row;
}

/** Ingests an uploaded CSV file through a CSV connector. A file that cannot be read at all is refused as a whole. */
export async function uploadCsv(db: Db, connectorId: string, text: string, notifier?: Notifier): Promise<IngestResult> {
  const connector = await getConnector(db, connectorId);
  if (connector.kind !== "csv") throw new TmfError("invalidBody", `Connector "${connector.name}" is a ${connector.kind} connector, not a CSV connector`);
  if (text.length > maxCsvBytes) throw new TmfError("payloadTooLarge", `The CSV file exceeds ${maxCsvBytes} bytes; split it`);
  const dataset = await getDataset(db, connector.datasetId);
  let converted;
  try {
    converted = csvToEntities(text, dataset.entityType, csvMappingSchema.parse(connector.config));
  } catch (error) {
    await db.update(dmConnector).set({ lastRunAt: new Date(), lastError: (error as Error).message }).where(eq(dmConnector.id, connector.id));
    throw new TmfError("invalidBody", (error as Error).message);
  }
  return ingestEntities(
    db,
    { prepared: converted, mode: "upsert", source: { connectorId: connector.id, dataset }, earlierRejections: converted.rejections },
    notifier,
  );
}

/** Pulls once from a pull connector's source. A failed pull is recorded on the connector and thrown. */
export async function runPullConnector(db: Db, connectorId: string, notifier?: Notifier, options: { fetch?: typeof fetch } = {}): Promise<IngestResult> {
  const connector = await getConnector(db, connectorId);
  if (connector.kind !== "http-pull") throw new TmfError("invalidBody", `Connector "${connector.name}" is not a pull connector`);
  const config = pullConfigSchema.parse(connector.config);
  const dataset = await getDataset(db, connector.datasetId);
  const nextRunAt = new Date(Date.now() + config.intervalSeconds * 1000);
  try {
    const pulledAt = new Date();
    const document = await fetchPullSource(config, options);
    const converted = pulledDocumentToEntities(document, dataset.entityType, config, pulledAt);
    const result = await ingestEntities(
      db,
      { prepared: converted, mode: "upsert", source: { connectorId: connector.id, dataset }, earlierRejections: converted.rejections },
      notifier,
    );
    await db.update(dmConnector).set({ nextRunAt }).where(eq(dmConnector.id, connector.id));
    return result;
  } catch (error) {
    await db.update(dmConnector).set({ lastRunAt: new Date(), lastError: (error as Error).message, nextRunAt }).where(eq(dmConnector.id, connector.id));
    throw error;
  }
}

/**
 * Runs every pull connector that is due, one after the other. Each connector
 * is claimed by moving its next run forward first, so that two processes on
 * one database do not pull the same source twice.
 */
export async function runDuePullConnectors(db: Db, log: Logger, notifier?: Notifier, options: { fetch?: typeof fetch } = {}): Promise<number> {
  let runs = 0;
  for (;;) {
    const claimed = await db.transaction(async (tx) => {
      const [due] = await tx
        .select({ id: dmConnector.id, config: dmConnector.config })
        .from(dmConnector)
        .where(and(eq(dmConnector.kind, "http-pull"), isNotNull(dmConnector.nextRunAt), lte(dmConnector.nextRunAt, new Date())))
        .orderBy(asc(dmConnector.nextRunAt))
        .limit(1)
        .for("update", { skipLocked: true });
      if (!due) return undefined;
      const interval = Number((due.config as { intervalSeconds?: number }).intervalSeconds ?? 300);
      await tx
        .update(dmConnector)
        .set({ nextRunAt: sql`now() + make_interval(secs => ${interval})` })
        .where(eq(dmConnector.id, due.id));
      return due.id;
    });
    if (!claimed) return runs;
    runs += 1;
    try {
      const result = await runPullConnector(db, claimed, notifier, options);
      log.info({ connectorId: claimed, written: result.written.length, rejected: result.rejections.length }, "pull connector ran");
    } catch (error) {
      log.warn({ connectorId: claimed, err: error }, "pull connector failed; it runs again at its next interval");
    }
  }
}

/**
 * Runs the due pull connectors every `intervalMs` until `stop`. A pass starts
 * only after the previous one ended, and a failed pass is logged, not fatal.
 */
export function startPullConnectorLoop(options: { db: Db; log: Logger; notifier?: Notifier; intervalMs: number }): { stop(): void } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const run = async () => {
    try {
      await runDuePullConnectors(options.db, options.log, options.notifier);
    } catch (error) {
      options.log.error({ err: error }, "pull connector pass failed; retrying at the next interval");
    }
    if (stopped) return;
    timer = setTimeout(run, options.intervalMs);
    timer.unref();
  };
  timer = setTimeout(run, options.intervalMs);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

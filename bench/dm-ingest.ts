// Measures the ingest rate of the Data Management, in entities per second:
//   1. NGSI-LD batch upsert through the API handler (JSON parsing,
//      validation, pipeline, current state and history in PostgreSQL), and
//   2. CSV upload through a CSV connector.
// Each entity carries four attributes, so every entity also writes four
// history rows. It runs in-process on an embedded PostgreSQL that it starts
// on a random port and removes at the end; HTTP transport is not included.
//
// Usage: node --import tsx bench/dm-ingest.ts [--entities N] [--batch N]
import { doSchema } from "@cop-pilot/db";
import { createTestDatabase, stopTestServer } from "@cop-pilot/db/testing";
import { createLogger } from "@cop-pilot/logger";
import { getDomain } from "@cop-pilot/service-library";
import { createConnector, createDataset, createNgsiLdApi, createNotifier, uploadCsv, type DatasetCreate } from "@cop-pilot/data-management";

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

const entityCount = argument("--entities", 20_000);
const batchSize = argument("--batch", 1000);
const log = createLogger("dm-bench");

function description(title: string): DatasetCreate["description"] {
  return { description: title, keywords: [], license: "CC-BY-4.0", publisher: "bench", accrualPeriodicity: "continuous" };
}

function reading(index: number, observedAt: string) {
  return {
    id: `urn:ngsi-ld:BenchReading:sensor-${index % 500}`,
    type: "BenchReading",
    temperature: { type: "Property", value: 20 + (index % 17) / 3, unitCode: "CEL", observedAt },
    humidity: { type: "Property", value: 40 + (index % 23), observedAt },
    pressure: { type: "Property", value: 1000 + (index % 31), unitCode: "A97", observedAt },
    battery: { type: "Property", value: 3.3 - (index % 7) / 100, observedAt },
  };
}

async function main(): Promise<void> {
  const database = await createTestDatabase("do", doSchema);
  try {
    const domain = getDomain("portugal-spain");
    const publish = async () => ({ id: "bench-specification" });
    await createDataset(database.db, { entityType: "BenchReading", title: "Bench readings", description: description("Bench readings"), pipeline: [{ step: "dropOutOfRange", attribute: "temperature", min: -40, max: 60 }] }, domain, publish);
    const csvDataset = await createDataset(database.db, { entityType: "BenchCsvReading", title: "Bench CSV readings", description: description("Bench CSV readings") }, domain, publish);

    const notifier = createNotifier({ db: database.db, inventory: { findActiveDaasService: async () => undefined, isServiceActive: async () => false }, log });
    const api = createNgsiLdApi({ db: () => database.db, authorize: async () => ({ kind: "owner", name: "bench" }), notifier: () => notifier, logger: log });
    const none = { params: Promise.resolve({} as Record<string, never>) };

    const start = Date.parse("2026-05-01T00:00:00Z");
    let upsertMs = 0;
    for (let offset = 0; offset < entityCount; offset += batchSize) {
      const batch = Array.from({ length: Math.min(batchSize, entityCount - offset) }, (_, position) => {
        const index = offset + position;
        return reading(index, new Date(start + index * 1000).toISOString());
      });
      const body = JSON.stringify(batch);
      const begin = performance.now();
      const response = await api.upsert.POST(new Request("http://127.0.0.1/ngsi-ld/v1/entityOperations/upsert", { method: "POST", body, headers: { "content-type": "application/json" } }), none);
      upsertMs += performance.now() - begin;
      if (response.status !== 201 && response.status !== 204) throw new Error(`Upsert failed with HTTP ${response.status}: ${await response.text()}`);
    }

    const { connector } = await createConnector(database.db, { kind: "csv", datasetId: csvDataset.id, name: "bench", config: { idPrefix: "urn:ngsi-ld:BenchCsvReading:" } });
    const lines = ["id,observedAt,temperature,humidity,pressure,battery"];
    for (let index = 0; index < entityCount; index++) {
      lines.push(`sensor-${index % 500},${new Date(start + index * 1000).toISOString()},${20 + (index % 17) / 3},${40 + (index % 23)},${1000 + (index % 31)},${3.3 - (index % 7) / 100}`);
    }
    const csv = lines.join("\n");
    const csvBegin = performance.now();
    const result = await uploadCsv(database.db, connector.id, csv);
    const csvMs = performance.now() - csvBegin;
    if (result.rejections.length > 0) throw new Error(`CSV upload rejected ${result.rejections.length} lines: ${result.rejections[0]!.reason}`);

    const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);
    console.log(`NGSI-LD batch upsert: ${entityCount} entities in batches of ${batchSize}, ${(upsertMs / 1000).toFixed(2)} s, ${rate(entityCount, upsertMs)} entities/s`);
    console.log(`CSV upload: ${entityCount} lines in one file, ${(csvMs / 1000).toFixed(2)} s, ${rate(entityCount, csvMs)} entities/s`);
  } finally {
    await database.drop();
    await stopTestServer();
  }
}

main().catch((error: Error) => {
  console.error(`dm-ingest failed: ${error.message}`);
  process.exitCode = 1;
});

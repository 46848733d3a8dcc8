import { doSchema } from "@cop-pilot/db";
import { createTestDatabase, stopTestServer, type TestDatabase } from "@cop-pilot/db/testing";
import { createLogger } from "@cop-pilot/logger";
import { getDomain } from "@cop-pilot/service-library";
import { createApiRateLimits, newId } from "@cop-pilot/tmf-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveTokenAccess, sha256Hex, type DaasServiceGrant, type DataAccess, type ServiceInventoryReader } from "./access";
import { createNgsiLdApi } from "./api";
import { createConnector, runDuePullConnectors, uploadCsv } from "./connectors";
import { createDataset, type DatasetCreate } from "./datasets";
import { listRejectedRecords, type Dataset } from "./store";
import { createNotifier } from "./subscriptions";
import { startRecordingServer, type RecordingServer } from "./testing";

// The DM on a real PostgreSQL: connectors with good and malformed input, the
// NGSI-LD and temporal queries, subscriptions, and access by grant.

const ownerToken = "owner-token-0123456789";
const base = "http://127.0.0.1:48001/ngsi-ld/v1";
const log = createLogger("dm-test");

/** An in-memory service inventory: the tests start and end DaaS services in it. */
class FakeInventory implements ServiceInventoryReader {
  services = new Map<string, DaasServiceGrant & { tokenSha256: string; active: boolean }>();
  async findActiveDaasService(tokenSha256: string) {
    return [...this.services.values()].find((service) => service.active && service.tokenSha256 === tokenSha256);
  }
  async isServiceActive(serviceId: string) {
    return this.services.get(serviceId)?.active ?? false;
  }
}

let database: TestDatabase<typeof doSchema>;
let receiver: RecordingServer;
const inventory = new FakeInventory();
let notifier: ReturnType<typeof createNotifier>;
let api: ReturnType<typeof createNgsiLdApi>;
let weather: Dataset;

async function authorize(request: Request): Promise<DataAccess | null> {
  const token = request.headers.get("authorization")?.replace(/^Bearer /, "");
  if (!token) return null;
  if (token === ownerToken) return { kind: "owner", name: "test" };
  return resolveTokenAccess(database.db, token, inventory);
}

function call(method: string, path: string, options: { body?: unknown; token?: string | null } = {}) {
  const headers = new Headers();
  const token = options.token === undefined ? ownerToken : options.token;
  if (token) headers.set("authorization", `Bearer ${token}`);
  if (options.body !== undefined) headers.set("content-type", "application/ld+json");
  return new Request(`${base}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
}

const params = <T,>(value: T) => ({ params: Promise.resolve(value) });
const none = params({} as Record<string, never>);

const weatherDataset: DatasetCreate = {
  entityType: "VineyardWeather",
  title: "Douro vineyard weather stations",
  description: {
    description: "Air temperature and soil moisture from the weather stations of Douro vineyards.",
    keywords: ["vineyard", "weather"],
    spatial: { name: "Douro valley", bbox: [-8.0, 41.0, -7.0, 41.4] },
    temporal: { startDate: "2026-01-01" },
    license: "CC-BY-4.0",
    publisher: "Portugal–Spain Vineyards Domain",
    accrualPeriodicity: "hourly",
  },
  pipeline: [{ step: "dropOutOfRange", attribute: "temperature", min: -30, max: 55 }],
};

function station(id: string, observedAt: string, temperature: number, soilMoisture = 0.3) {
  return {
    id: `urn:ngsi-ld:VineyardWeather:${id}`,
    type: "VineyardWeather",
    temperature: { type: "Property", value: temperature, unitCode: "CEL", observedAt },
    soilMoisture: { type: "Property", value: soilMoisture, observedAt },
  };
}

beforeAll(async () => {
  database = await createTestDatabase("do", doSchema);
  receiver = await startRecordingServer();
  notifier = createNotifier({ db: database.db, inventory, log });
  api = createNgsiLdApi({ db: () => database.db, authorize, notifier: () => notifier, logger: log });
  const published: unknown[] = [];
  weather = await createDataset(database.db, weatherDataset, getDomain("portugal-spain"), async (_tx, body) => {
    published.push(body);
    return { id: "spec-weather" };
  });
  expect(published).toHaveLength(1);
});

afterAll(async () => {
  await receiver?.close();
  await database?.drop();
  await stopTestServer();
});

describe("NGSI-LD push", () => {
  it("creates an entity and refuses it twice", async () => {
    const created = await api.entities.POST(call("POST", "/entities", { body: station("DV-01", "2026-05-01T10:00:00Z", 18) }), none);
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe("/ngsi-ld/v1/entities/urn%3Angsi-ld%3AVineyardWeather%3ADV-01");
    const again = await api.entities.POST(call("POST", "/entities", { body: station("DV-01", "2026-05-01T10:00:00Z", 18) }), none);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ type: "https://uri.etsi.org/ngsi-ld/errors/AlreadyExists", code: "conflict" });
  });

  it("rejects a malformed entity with a 400 and records it", async () => {
    const response = await api.entities.POST(call("POST", "/entities", { body: { id: "station 2", type: "VineyardWeather" } }), none);
    expect(response.status).toBe(400);
    expect((await response.json()).detail).toContain("must be a URI");
  });

  it("upserts a batch and reports rejected records", async () => {
    const batch = [
      station("DV-01", "2026-05-01T11:00:00Z", 19),
      station("DV-02", "2026-05-01T11:00:00Z", 21),
      station("DV-03", "2026-05-01T11:00:00Z", 99),
      { id: "urn:ngsi-ld:VineyardWeather:DV-04", type: "VineyardWeather", temperature: "hot" },
      { ...station("DV-05", "2026-05-01T11:00:00Z", 20), type: "UnknownType" },
    ];
    const response = await api.upsert.POST(call("POST", "/entityOperations/upsert", { body: batch }), none);
    expect(response.status).toBe(207);
    const body = await response.json();
    expect(body.success).toEqual(["urn:ngsi-ld:VineyardWeather:DV-01", "urn:ngsi-ld:VineyardWeather:DV-02", "urn:ngsi-ld:VineyardWeather:DV-03"]);
    expect(body.errors.map((error: { index: number; error: { detail: string } }) => [error.index, error.error.detail])).toEqual([
      [2, expect.stringContaining("temperature 99 is outside [-30, 55]")],
      [3, expect.stringContaining("temperature")],
      [4, expect.stringContaining("no dataset holds entity type UnknownType")],
    ]);
    const rejected = await listRejectedRecords(database.db, { datasetId: weather.id });
    expect(rejected.some((record) => record.reason.includes("outside [-30, 55]"))).toBe(true);
  });

  it("answers 204 when a batch only updates", async () => {
    const response = await api.upsert.POST(call("POST", "/entityOperations/upsert", { body: [station("DV-02", "2026-05-01T12:00:00Z", 23)] }), none);
    expect(response.status).toBe(204);
  });

  it("rejects a body that is not an array", async () => {
    const response = await api.upsert.POST(call("POST", "/entityOperations/upsert", { body: station("DV-02", "2026-05-01T12:00:00Z", 23) }), none);
    expect(response.status).toBe(400);
  });

  it("refuses a request without credentials", async () => {
    const response = await api.entities.GET(call("GET", "/entities?type=VineyardWeather", { token: null }), none);
    expect(response.status).toBe(401);
  });
});

describe("NGSI-LD rate limits", () => {
  function limitedApi(settings: Partial<Parameters<typeof createApiRateLimits>[0]>) {
    const limits = createApiRateLimits({
      API_RATE_LIMIT_PER_SECOND: 0.001,
      API_RATE_LIMIT_BURST: 1000,
      API_RATE_LIMIT_PER_ADDRESS_PER_SECOND: 0.001,
      API_RATE_LIMIT_ADDRESS_BURST: 1000,
      TRUSTED_PROXY_COUNT: 0,
      ...settings,
    });
    return createNgsiLdApi({ db: () => database.db, authorize, notifier: () => notifier, logger: log, rateLimits: () => limits });
  }

  it("limits each caller after its burst", async () => {
    const limited = limitedApi({ API_RATE_LIMIT_BURST: 2 });
    for (let i = 0; i < 2; i += 1) expect((await limited.entities.GET(call("GET", "/entities?type=VineyardWeather"), none)).status).toBe(200);

    const rejected = await limited.entities.GET(call("GET", "/entities?type=VineyardWeather"), none);
    expect(rejected.status).toBe(429);
    expect(Number(rejected.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await rejected.json()).toMatchObject({ code: "tooManyRequests", status: "429" });
  });

  it("limits a client address before authentication", async () => {
    const limited = limitedApi({ API_RATE_LIMIT_ADDRESS_BURST: 1, TRUSTED_PROXY_COUNT: 1 });
    const fromAddress = () => {
      const request = call("GET", "/entities?type=VineyardWeather", { token: null });
      request.headers.set("x-forwarded-for", "192.0.2.1, 203.0.113.9");
      return request;
    };
    expect((await limited.entities.GET(fromAddress(), none)).status).toBe(401);
    expect((await limited.entities.GET(fromAddress(), none)).status).toBe(429);
  });
});

describe("entity queries", () => {
  it("filters by type and q", async () => {
    const response = await api.entities.GET(call("GET", "/entities?type=VineyardWeather&q=temperature>20&count=true"), none);
    expect(response.status).toBe(200);
    expect(response.headers.get("NGSILD-Results-Count")).toBe("1");
    const entities = await response.json();
    expect(entities.map((entity: { id: string }) => entity.id)).toEqual(["urn:ngsi-ld:VineyardWeather:DV-02"]);
    expect(entities[0].temperature.value).toBe(23);
  });

  it("ranges, OR and attrs projection in keyValues", async () => {
    const response = await api.entities.GET(call("GET", "/entities?type=VineyardWeather&q=temperature==18..19.5|temperature>22&attrs=temperature&options=keyValues"), none);
    expect(await response.json()).toEqual([
      { id: "urn:ngsi-ld:VineyardWeather:DV-01", type: "VineyardWeather", temperature: 19 },
      { id: "urn:ngsi-ld:VineyardWeather:DV-02", type: "VineyardWeather", temperature: 23 },
    ]);
  });

  it("keeps the value dropped by the pipeline out of the current state", async () => {
    const response = await api.entity.GET(call("GET", "/entities/urn:ngsi-ld:VineyardWeather:DV-03"), params({ entityId: "urn:ngsi-ld:VineyardWeather:DV-03" }));
    const entity = await response.json();
    expect(entity.temperature).toBeUndefined();
    expect(entity.soilMoisture.value).toBe(0.3);
  });

  it("pages with limit and offset", async () => {
    const response = await api.entities.GET(call("GET", "/entities?type=VineyardWeather&limit=1&offset=1"), none);
    expect((await response.json()).map((entity: { id: string }) => entity.id)).toEqual(["urn:ngsi-ld:VineyardWeather:DV-02"]);
  });

  it.each([
    ["no type, id, q or attrs", "/entities"],
    ["a q with parentheses", "/entities?type=VineyardWeather&q=(temperature>1)"],
    ["a limit above the maximum", "/entities?type=VineyardWeather&limit=5000"],
  ])("rejects %s", async (_label, path) => {
    const response = await api.entities.GET(call("GET", path), none);
    expect(response.status).toBe(400);
  });

  it("merges attributes with PATCH and deletes", async () => {
    const id = "urn:ngsi-ld:VineyardWeather:DV-03";
    const patched = await api.entity.PATCH(call("PATCH", `/entities/${id}`, { body: { leafWetness: { type: "Property", value: 0.7, observedAt: "2026-05-01T12:30:00Z" } } }), params({ entityId: id }));
    expect(patched.status).toBe(204);
    const read = await (await api.entity.GET(call("GET", `/entities/${id}`), params({ entityId: id }))).json();
    expect(read.leafWetness.value).toBe(0.7);
    expect(read.soilMoisture.value).toBe(0.3);
    expect((await api.entity.DELETE(call("DELETE", `/entities/${id}`), params({ entityId: id }))).status).toBe(204);
    expect((await api.entity.GET(call("GET", `/entities/${id}`), params({ entityId: id }))).status).toBe(404);
  });
});

describe("temporal queries", () => {
  it("returns the history between two times", async () => {
    const response = await api.temporalEntities.GET(
      call("GET", "/temporal/entities?type=VineyardWeather&attrs=temperature&timerel=between&timeAt=2026-05-01T10:30:00Z&endTimeAt=2026-05-01T13:00:00Z"),
      none,
    );
    expect(response.status).toBe(200);
    const entities = await response.json();
    const dv01 = entities.find((entity: { id: string }) => entity.id.endsWith("DV-01"));
    const dv02 = entities.find((entity: { id: string }) => entity.id.endsWith("DV-02"));
    expect(dv01.temperature.map((instance: { value: number }) => instance.value)).toEqual([19]);
    expect(dv02.temperature.map((instance: { value: number; observedAt: string }) => [instance.value, instance.observedAt])).toEqual([
      [21, "2026-05-01T11:00:00.000Z"],
      [23, "2026-05-01T12:00:00.000Z"],
    ]);
    expect(dv02.soilMoisture).toBeUndefined();
  });

  it("keeps the whole history with before, after and lastN", async () => {
    const before = await (await api.temporalEntities.GET(call("GET", "/temporal/entities?id=urn:ngsi-ld:VineyardWeather:DV-01&attrs=temperature&timerel=before&timeAt=2026-05-01T10:30:00Z"), none)).json();
    expect(before[0].temperature.map((instance: { value: number }) => instance.value)).toEqual([18]);
    const last = await (await api.temporalEntities.GET(call("GET", "/temporal/entities?type=VineyardWeather&attrs=temperature&lastN=1"), none)).json();
    expect(last.find((entity: { id: string }) => entity.id.endsWith("DV-02")).temperature.map((instance: { value: number }) => instance.value)).toEqual([23]);
  });

  it.each([
    ["timerel without timeAt", "/temporal/entities?type=VineyardWeather&timerel=after"],
    ["between without endTimeAt", "/temporal/entities?type=VineyardWeather&timerel=between&timeAt=2026-05-01T10:00:00Z"],
    ["an end before the start", "/temporal/entities?type=VineyardWeather&timerel=between&timeAt=2026-05-02T10:00:00Z&endTimeAt=2026-05-01T10:00:00Z"],
    ["a time that is not ISO 8601", "/temporal/entities?type=VineyardWeather&timerel=after&timeAt=yesterday"],
  ])("rejects %s", async (_label, path) => {
    expect((await api.temporalEntities.GET(call("GET", path), none)).status).toBe(400);
  });
});

describe("CSV and pull connectors", () => {
  it("ingests a CSV upload and records bad lines", async () => {
    const { connector } = await createConnector(database.db, {
      kind: "csv",
      datasetId: weather.id,
      name: "Station export",
      config: { idColumn: "station", idPrefix: "urn:ngsi-ld:VineyardWeather:", timeColumn: "time", columns: { temp: { attribute: "temperature", unitCode: "CEL" } } },
    });
    const result = await uploadCsv(database.db, connector.id, "station,time,temp\nDV-10,2026-05-01T10:00:00Z,17.2\nDV-11,bad,17\nDV-12,2026-05-01T10:00:00Z,70\n", notifier);
    expect(result.written).toEqual(["urn:ngsi-ld:VineyardWeather:DV-10"]);
    expect(result.storedRecords).toBe(1);
    // Line 2 loses its only value to the pipeline: one rejection for the value, one for the empty record.
    expect(result.rejections.map((rejection) => rejection.index)).toEqual([1, 2, 2]);
    const rejected = await listRejectedRecords(database.db, { connectorId: connector.id });
    const reasons = rejected.map((record) => record.reason);
    expect(reasons).toContainEqual(expect.stringContaining("not an ISO 8601"));
    expect(reasons).toContainEqual(expect.stringContaining("temperature 70 is outside [-30, 55]"));
    expect(reasons).toContainEqual(expect.stringContaining("has no attributes left"));
  });

  it("refuses a CSV file without the mapped columns", async () => {
    const { connector } = await createConnector(database.db, { kind: "csv", datasetId: weather.id, name: "Wrong export", config: {} });
    await expect(uploadCsv(database.db, connector.id, "a,b\n1,2\n")).rejects.toThrow(/lacks the column/);
  });

  it("pulls from a JSON endpoint when due", async () => {
    receiver.document = { stations: [{ code: "DV-20", at: "2026-05-01T09:00:00Z", air: 15.5 }, { code: "DV-21", air: 15 }] };
    const { connector } = await createConnector(database.db, {
      kind: "http-pull",
      datasetId: weather.id,
      name: "Station gateway",
      config: { url: `${receiver.url}/stations`, recordsPath: "stations", idField: "code", idPrefix: "urn:ngsi-ld:VineyardWeather:", timeField: "at", fields: { air: { attribute: "temperature" } }, intervalSeconds: 60 },
    });
    expect(await runDuePullConnectors(database.db, log, notifier)).toBe(1);
    // The connector is not due again until its interval has passed.
    expect(await runDuePullConnectors(database.db, log, notifier)).toBe(0);
    const rejected = await listRejectedRecords(database.db, { connectorId: connector.id });
    expect(rejected.map((record) => record.reason)).toEqual(["at (missing) is not an ISO 8601 date-time"]);
    const read = await api.entity.GET(call("GET", "/entities/urn:ngsi-ld:VineyardWeather:DV-20"), params({ entityId: "urn:ngsi-ld:VineyardWeather:DV-20" }));
    expect((await read.json()).temperature.value).toBe(15.5);
  });

  it("refuses a pull connector aimed at a metadata address", async () => {
    await expect(
      createConnector(database.db, { kind: "http-pull", datasetId: weather.id, name: "Bad", config: { url: "http://169.254.169.254/latest/meta-data/", fields: { a: { attribute: "a" } } } }),
    ).rejects.toThrow(/link-local/);
  });

  it("lets a push connector token write only its dataset", async () => {
    const { token } = await createConnector(database.db, { kind: "ngsi-ld", datasetId: weather.id, name: "Station push" });
    const good = await api.upsert.POST(call("POST", "/entityOperations/upsert", { token: token!, body: [station("DV-30", "2026-05-01T10:00:00Z", 16)] }), none);
    expect(good.status).toBe(201);
    const other = await api.upsert.POST(call("POST", "/entityOperations/upsert", { token: token!, body: [{ ...station("DV-31", "2026-05-01T10:00:00Z", 16), type: "Other" }] }), none);
    expect(other.status).toBe(207);
    expect((await other.json()).errors[0].error.detail).toContain("does not belong to dataset");
  });
});

describe("access by grant", () => {
  const consumerToken = "valencia-consumer-token-0001";

  it("grant lasts as long as its service", async () => {
    const before = await api.entities.GET(call("GET", "/entities?type=VineyardWeather", { token: consumerToken }), none);
    expect(before.status).toBe(401);

    const serviceId = newId();
    inventory.services.set(serviceId, { serviceId, datasetId: weather.id, consumerParty: "valencia", accessMode: "subscribe", tokenSha256: sha256Hex(consumerToken), active: true });
    const during = await api.entities.GET(call("GET", "/entities?type=VineyardWeather&limit=100", { token: consumerToken }), none);
    expect(during.status).toBe(200);
    expect((await during.json()).length).toBeGreaterThan(3);

    const write = await api.upsert.POST(call("POST", "/entityOperations/upsert", { token: consumerToken, body: [station("DV-01", "2026-05-01T13:00:00Z", 1)] }), none);
    expect(write.status).toBe(403);

    const subscribed = await api.subscriptions.POST(
      call("POST", "/subscriptions", {
        token: consumerToken,
        body: { type: "Subscription", entities: [{ type: "VineyardWeather" }], watchedAttributes: ["temperature"], q: "temperature>25", notification: { format: "keyValues", attributes: ["temperature"], endpoint: { uri: `${receiver.url}/notify` } } },
      }),
      none,
    );
    expect(subscribed.status).toBe(201);
    await api.upsert.POST(call("POST", "/entityOperations/upsert", { body: [station("DV-01", "2026-05-01T14:00:00Z", 26), station("DV-02", "2026-05-01T14:00:00Z", 24)] }), none);
    await notifier.whenIdle();
    const [notification] = await receiver.waitFor(1);
    expect(notification).toMatchObject({ type: "Notification", data: [{ id: "urn:ngsi-ld:VineyardWeather:DV-01", type: "VineyardWeather", temperature: 26 }] });

    inventory.services.get(serviceId)!.active = false;
    const after = await api.entities.GET(call("GET", "/entities?type=VineyardWeather", { token: consumerToken }), none);
    expect(after.status).toBe(401);

    await api.upsert.POST(call("POST", "/entityOperations/upsert", { body: [station("DV-01", "2026-05-01T15:00:00Z", 30)] }), none);
    await notifier.whenIdle();
    expect(receiver.received).toHaveLength(1);
  });

  it("a read grant may not subscribe nor see other types", async () => {
    const token = "central-macedonia-reader-0001";
    const serviceId = newId();
    inventory.services.set(serviceId, { serviceId, datasetId: weather.id, consumerParty: "central-macedonia", accessMode: "read", tokenSha256: sha256Hex(token), active: true });
    const subscribe = await api.subscriptions.POST(
      call("POST", "/subscriptions", { token, body: { type: "Subscription", entities: [{ type: "VineyardWeather" }], notification: { endpoint: { uri: `${receiver.url}/notify` } } } }),
      none,
    );
    expect(subscribe.status).toBe(403);
    const otherType = await api.entities.GET(call("GET", "/entities?type=BiogasReading", { token }), none);
    expect(await otherType.json()).toEqual([]);
  });
});

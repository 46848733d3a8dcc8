import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSchemaRecorder } from "@cop-pilot/conformance/schemas";
import { stopTestServer } from "@cop-pilot/db/testing";
import { peersApi } from "../admin/peers-api";
import { runOrderProcessorPass } from "../ordering/processor";
import { startDoEmulator, type DoEmulator } from "../testing/do-emulator";
import { call as callPeersApi, createEsoTestDatabase, testApiToken, testBaseUrl, type EsoTestDatabase } from "../testing/harness";
import { serviceCatalogApi } from "./service-catalog";
import { cancelServiceOrderHandlers, serviceOrderHandlers } from "./service-ordering";

// TMF633 and TMF641 have no v4 conformance kit. So this file validates
// every response it receives against the schema that the official Swagger
// specification gives for the operation and status. The last test checks
// that each operation the ESO serves was exercised.

const recorder = createSchemaRecorder();

/** Resources of each specification that the ESO serves. Every operation the specification defines on them must be exercised. */
const servedResources = {
  TMF633: ["serviceCatalog", "serviceCategory", "serviceCandidate", "serviceSpecification"],
  TMF641: ["serviceOrder", "cancelServiceOrder"],
};

// Collection and item handlers take different params, and `never` lets one type describe both.
type Handler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;
type RouteModule = Partial<Record<"GET" | "POST" | "PATCH" | "DELETE", Handler>>;

const routes: Record<string, { base: string; collection: RouteModule; item: RouteModule }> = {
  serviceCatalog: { base: "/tmf-api/serviceCatalogManagement/v4", ...serviceCatalogApi.serviceCatalog },
  serviceCategory: { base: "/tmf-api/serviceCatalogManagement/v4", ...serviceCatalogApi.serviceCategory },
  serviceCandidate: { base: "/tmf-api/serviceCatalogManagement/v4", ...serviceCatalogApi.serviceCandidate },
  serviceSpecification: { base: "/tmf-api/serviceCatalogManagement/v4", ...serviceCatalogApi.serviceSpecification },
  serviceOrder: { base: "/tmf-api/serviceOrdering/v4", ...(serviceOrderHandlers as unknown as { collection: RouteModule; item: RouteModule }) },
  cancelServiceOrder: { base: "/tmf-api/serviceOrdering/v4", ...(cancelServiceOrderHandlers as unknown as { collection: RouteModule; item: RouteModule }) },
};

let database: EsoTestDatabase;
let lulea: DoEmulator;
let marketplaceSpecificationId: string;
/** An imported specification whose orders the emulated DO fails. */
let failingSpecificationId: string;

/** Calls one route handler, validates its response and returns the status and the parsed body. */
async function call(method: "GET" | "POST" | "PATCH" | "DELETE", resource: string, options: { id?: string; query?: string; body?: unknown } = {}) {
  const route = routes[resource]!;
  const path = `${route.base}/${resource}${options.id ? `/${options.id}` : ""}${options.query ?? ""}`;
  const headers: Record<string, string> = { authorization: `Bearer ${testApiToken}` };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const request = new Request(`${testBaseUrl}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const handler = (options.id ? route.item : route.collection)[method];
  if (!handler) throw new Error(`the ESO serves no ${method} ${path}`);
  const response = await handler(request, { params: Promise.resolve((options.id ? { id: options.id } : {}) as never) });
  const violation = await recorder.check(request, response);
  expect(violation, `${method} ${path} answered ${response.status}`).toBeUndefined();
  const text = await response.text();
  return { status: response.status, body: text === "" ? undefined : (JSON.parse(text) as Record<string, unknown> & { id: string }) };
}

/** Lists, creates, retrieves, patches and deletes one resource, checking each status on the way. */
async function exerciseResource(resource: string, createBody: Record<string, unknown>, patchBody: Record<string, unknown>): Promise<void> {
  expect((await call("GET", resource)).status).toBe(200);
  const created = await call("POST", resource, { body: createBody });
  expect(created.status).toBe(201);
  const id = created.body!.id;
  expect((await call("GET", resource, { id })).status).toBe(200);
  expect((await call("GET", resource, { query: `?id=${id}` })).status).toBe(200);
  expect((await call("PATCH", resource, { id, body: patchBody })).status).toBe(200);
  expect((await call("DELETE", resource, { id })).status).toBe(204);
  expect((await call("GET", resource, { id })).status).toBe(404);
}

/** Runs processor passes until the order is final, because the emulated DO advances an order each time it is read. */
async function processUntilFinal(id: string): Promise<string> {
  for (let pass = 0; pass < 10; pass += 1) {
    await runOrderProcessorPass(database.db, { pollIntervalMs: 0 });
    const { body } = await call("GET", "serviceOrder", { id });
    const state = body!.state as string;
    if (["completed", "failed", "partial", "cancelled"].includes(state)) return state;
  }
  throw new Error(`service order ${id} did not reach a final state within 10 processor passes`);
}

function orderBody(specificationId = marketplaceSpecificationId) {
  return { serviceOrderItem: [{ id: "1", action: "add", service: { serviceSpecification: { id: specificationId } } }] };
}

beforeAll(async () => {
  database = await createEsoTestDatabase();
  // The emulator asks for an outcome only when an order runs, after the failing id is set below.
  let failingRemoteId = "";
  lulea = await startDoEmulator({
    token: "lulea-do-token-0123456789",
    domainId: "lulea",
    outcome: (specificationId) => (specificationId === failingRemoteId ? "failed" : "completed"),
  });
  const [remoteId, secondRemoteId] = [...lulea.specifications.keys()];
  failingRemoteId = secondRemoteId!;
  const peer = await callPeersApi(peersApi.collection.POST, {
    method: "POST",
    path: "/api/peers",
    body: { name: "Luleå", endpoint: lulea.url, apiToken: lulea.token, location: { name: "Luleå", latitude: 65.6, longitude: 22.2 }, organization: { name: "Luleå operator" } },
  });
  expect(peer.status).toBe(201);
  const imported = await callPeersApi(peersApi.import.POST, {
    method: "POST",
    path: `/api/peers/${peer.body.id}/import`,
    params: { id: peer.body.id },
    body: { specificationIds: [remoteId, failingRemoteId], catalog: { name: "Luleå services" }, category: { name: "Luleå monitoring" } },
  });
  expect(imported.status).toBe(200);
  const marketplaceIds = new Map<string, string>(imported.body.specifications.map((entry: { remoteId: string; id: string }) => [entry.remoteId, entry.id]));
  marketplaceSpecificationId = marketplaceIds.get(remoteId!)!;
  failingSpecificationId = marketplaceIds.get(failingRemoteId)!;
});

afterAll(async () => {
  await lulea?.close();
  await database?.drop();
  await stopTestServer();
});

describe("official TMF633 schemas", () => {
  it("serviceCatalog operations", async () => {
    await exerciseResource("serviceCatalog", { name: "Schema check catalogue" }, { description: "Patched" });
  });

  it("serviceCategory operations", async () => {
    await exerciseResource("serviceCategory", { name: "Schema check category" }, { description: "Patched" });
  });

  it("serviceCandidate operations", async () => {
    await exerciseResource("serviceCandidate", { name: "Schema check candidate", serviceSpecification: { id: marketplaceSpecificationId } }, { lifecycleStatus: "Retired" });
  });

  it("serviceSpecification operations", async () => {
    expect((await call("GET", "serviceSpecification", { id: marketplaceSpecificationId })).status).toBe(200);
    await exerciseResource("serviceSpecification", { name: "Schema check specification" }, { description: "Patched" });
  });
});

describe("official TMF641 schemas", () => {
  it("completed serviceOrder operations", async () => {
    expect((await call("GET", "serviceOrder")).status).toBe(200);
    const placed = await call("POST", "serviceOrder", { body: orderBody() });
    expect(placed.status).toBe(201);
    const id = placed.body!.id;

    expect(await processUntilFinal(id)).toBe("completed");
    expect((await call("PATCH", "serviceOrder", { id, body: { description: "Schema check order" } })).status).toBe(200);
    expect((await call("GET", "serviceOrder", { query: "?state=completed" })).status).toBe(200);
    // The order brought up a service that later orders may change, so it stays.
    expect((await call("DELETE", "serviceOrder", { id })).status).toBe(409);
    expect((await call("GET", "serviceOrder", { id })).status).toBe(200);
  });

  it("failed serviceOrder with its error message", async () => {
    const placed = await call("POST", "serviceOrder", { body: orderBody(failingSpecificationId) });

    expect(await processUntilFinal(placed.body!.id)).toBe("failed");
    const order = await call("GET", "serviceOrder", { id: placed.body!.id });
    expect(order.body?.errorMessage).toHaveLength(1);
    expect((await call("DELETE", "serviceOrder", { id: placed.body!.id })).status).toBe(204);
    expect((await call("GET", "serviceOrder", { id: placed.body!.id })).status).toBe(404);
  });

  it("cancelServiceOrder operations", async () => {
    const placed = await call("POST", "serviceOrder", { body: orderBody() });
    const id = placed.body!.id;
    expect((await call("GET", "cancelServiceOrder")).status).toBe(200);
    const cancellation = await call("POST", "cancelServiceOrder", { body: { serviceOrder: { id }, cancellationReason: "Schema check" } });
    expect(cancellation.status).toBe(201);

    expect(await processUntilFinal(id)).toBe("cancelled");
    expect((await call("GET", "cancelServiceOrder", { id: cancellation.body!.id })).status).toBe(200);
  });

  it("rejects deleting a running order", async () => {
    const placed = await call("POST", "serviceOrder", { body: orderBody() });

    const response = await call("DELETE", "serviceOrder", { id: placed.body!.id });

    expect(response.status).toBe(409);
    expect((await call("GET", "serviceOrder", { id: placed.body!.id })).status).toBe(200);
  });
});

describe("official schema coverage", () => {
  it("exercises every served operation", () => {
    expect(recorder.missing(servedResources)).toEqual([]);
    expect(recorder.violations).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopTestServer } from "@cop-pilot/db/testing";
import { peersApi } from "./admin/peers-api";
import { startDoEmulator, type DoEmulator } from "./testing/do-emulator";
import { call, countRows, createEsoTestDatabase, type CallOptions, type EsoTestDatabase } from "./testing/harness";
import { individualHandlers, organizationHandlers } from "./tmf/party";
import { serviceCatalogApi } from "./tmf/service-catalog";
import { cancelServiceOrderHandlers, serviceOrderHandlers } from "./tmf/service-ordering";

// Bad input on every endpoint: each case asserts the status, the TMF Error
// body, and that nothing was written.

let database: EsoTestDatabase;
let emulator: DoEmulator;
let peerId: string;
let specificationId: string;
let removedPeerSpecificationId: string;
const unknownId = "00000000-0000-0000-0000-000000000000";

async function peerWithImport(target: DoEmulator, name: string): Promise<{ peerId: string; specificationId: string }> {
  const peer = await call(peersApi.collection.POST, {
    method: "POST",
    path: "/api/peers",
    body: { name, endpoint: target.url, apiToken: target.token, location: { name, latitude: 1, longitude: 2 }, organization: { name } },
  });
  expect(peer.status).toBe(201);
  const remoteId = [...target.specifications.keys()][0]!;
  const imported = await call(peersApi.import.POST, {
    method: "POST",
    path: `/api/peers/${peer.body.id}/import`,
    params: { id: peer.body.id },
    body: { specificationIds: [remoteId], catalog: { name: `${name} catalogue` }, category: { name: `${name} category` } },
  });
  expect(imported.status).toBe(200);
  return { peerId: peer.body.id, specificationId: imported.body.specifications[0].id };
}

beforeAll(async () => {
  database = await createEsoTestDatabase();
  emulator = await startDoEmulator({ token: "do-token-0123456789", domainId: "preveza" });
  ({ peerId, specificationId } = await peerWithImport(emulator, "Preveza"));

  const doomed = await startDoEmulator({ token: "doomed-token-0123456789", domainId: "lulea" });
  const removed = await peerWithImport(doomed, "Removed");
  removedPeerSpecificationId = removed.specificationId;
  expect((await call(peersApi.item.DELETE, { method: "DELETE", path: `/api/peers/${removed.peerId}`, params: { id: removed.peerId } })).status).toBe(204);
  await doomed.close();
});

afterAll(async () => {
  await emulator?.close();
  await database?.drop();
  await stopTestServer();
});

// Handlers differ in their params type; the table contains them side by side.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (request: Request, context: { params: Promise<any> }) => Promise<Response>;

interface BadInputCase {
  name: string;
  handler: Handler;
  request: CallOptions<Record<string, string>>;
  status: number;
  code: string;
  message?: string;
}

const validPeer = () => ({
  name: "Another DO",
  endpoint: "http://127.0.0.1:9",
  apiToken: "token",
  location: { name: "Somewhere", latitude: 10, longitude: 10 },
  organization: { name: "Another operator" },
});

const validOrderItem = (id: string) => ({ id: "1", action: "add", service: { serviceSpecification: { id } } });

const cases = (): BadInputCase[] => [
  // Admin API of peering
  { name: "peers: no token", handler: peersApi.collection.GET, request: { path: "/api/peers", token: null }, status: 401, code: "unauthorized" },
  { name: "peers: wrong token", handler: peersApi.collection.GET, request: { path: "/api/peers", token: "wrong-token" }, status: 401, code: "unauthorized" },
  { name: "add peer: no token", handler: peersApi.collection.POST, request: { method: "POST", path: "/api/peers", body: validPeer(), token: null }, status: 401, code: "unauthorized" },
  { name: "add peer: malformed JSON", handler: peersApi.collection.POST, request: { method: "POST", path: "/api/peers", body: '{"name": ' }, status: 400, code: "invalidJson" },
  { name: "add peer: empty body", handler: peersApi.collection.POST, request: { method: "POST", path: "/api/peers", body: "" }, status: 400, code: "invalidBody" },
  { name: "add peer: missing endpoint", handler: peersApi.collection.POST, request: { method: "POST", path: "/api/peers", body: { ...validPeer(), endpoint: undefined } }, status: 400, code: "invalidBody", message: "endpoint" },
  { name: "add peer: ftp endpoint", handler: peersApi.collection.POST, request: { method: "POST", path: "/api/peers", body: { ...validPeer(), endpoint: "ftp://127.0.0.1" } }, status: 400, code: "invalidBody", message: "http://" },
  { name: "add peer: metadata endpoint", handler: peersApi.collection.POST, request: { method: "POST", path: "/api/peers", body: { ...validPeer(), endpoint: "http://169.254.169.254" } }, status: 400, code: "invalidBody", message: "metadata" },
  {
    name: "add peer: endpoint with /tmf-api",
    handler: peersApi.collection.POST,
    request: { method: "POST", path: "/api/peers", body: { ...validPeer(), endpoint: "http://127.0.0.1:9/tmf-api" } },
    status: 400,
    code: "invalidBody",
    message: "without /tmf-api: enter http://127.0.0.1:9",
  },
  {
    name: "add peer: endpoint with a TMF API path",
    handler: peersApi.collection.POST,
    request: { method: "POST", path: "/api/peers", body: { ...validPeer(), endpoint: "http://127.0.0.1:9/do/serviceCatalogManagement/v4" } },
    status: 400,
    code: "invalidBody",
    message: "enter http://127.0.0.1:9/do",
  },
  { name: "add peer: latitude as text", handler: peersApi.collection.POST, request: { method: "POST", path: "/api/peers", body: { ...validPeer(), location: { name: "x", latitude: "north", longitude: 1 } } }, status: 400, code: "invalidBody", message: "location.latitude" },
  { name: "add peer: latitude out of range", handler: peersApi.collection.POST, request: { method: "POST", path: "/api/peers", body: { ...validPeer(), location: { name: "x", latitude: 91, longitude: 1 } } }, status: 400, code: "invalidBody", message: "location.latitude" },
  { name: "add peer: organization id and name", handler: peersApi.collection.POST, request: { method: "POST", path: "/api/peers", body: { ...validPeer(), organization: { id: "x", name: "y" } } }, status: 400, code: "invalidBody", message: "organization" },
  { name: "add peer: unknown organization", handler: peersApi.collection.POST, request: { method: "POST", path: "/api/peers", body: { ...validPeer(), organization: { id: unknownId } } }, status: 422, code: "unprocessable", message: unknownId },
  { name: "get peer: unknown id", handler: peersApi.item.GET, request: { path: `/api/peers/${unknownId}`, params: { id: unknownId } }, status: 404, code: "notFound" },
  { name: "remove peer: unknown id", handler: peersApi.item.DELETE, request: { method: "DELETE", path: `/api/peers/${unknownId}`, params: { id: unknownId } }, status: 404, code: "notFound" },
  { name: "remove peer: no token", handler: peersApi.item.DELETE, request: { method: "DELETE", path: `/api/peers/x`, params: { id: "x" }, token: null }, status: 401, code: "unauthorized" },
  { name: "peer specifications: unknown id", handler: peersApi.specifications.GET, request: { path: `/api/peers/${unknownId}/specifications`, params: { id: unknownId } }, status: 404, code: "notFound" },
  { name: "check: unknown id", handler: peersApi.check.POST, request: { method: "POST", path: `/api/peers/${unknownId}/check`, params: { id: unknownId } }, status: 404, code: "notFound" },
  {
    name: "import: unknown peer",
    handler: peersApi.import.POST,
    request: { method: "POST", path: `/api/peers/${unknownId}/import`, params: { id: unknownId }, body: { specificationIds: ["a"], catalog: { name: "c" }, category: { name: "k" } } },
    status: 404,
    code: "notFound",
  },
  { name: "import: malformed JSON", handler: peersApi.import.POST, request: { method: "POST", path: "/api/peers/p/import", params: { id: "p" }, body: "[1," }, status: 400, code: "invalidJson" },
  { name: "import: body is an array", handler: peersApi.import.POST, request: { method: "POST", path: "/api/peers/p/import", params: { id: "p" }, body: "[]" }, status: 400, code: "invalidBody" },
  {
    name: "import: no specifications",
    handler: peersApi.import.POST,
    request: { method: "POST", path: "/api/peers/p/import", params: { id: "p" }, body: { specificationIds: [], catalog: { name: "c" }, category: { name: "k" } } },
    status: 400,
    code: "invalidBody",
    message: "specificationIds",
  },
  {
    name: "import: specification ids of the wrong type",
    handler: peersApi.import.POST,
    request: { method: "POST", path: "/api/peers/p/import", params: { id: "p" }, body: { specificationIds: [1], catalog: { name: "c" }, category: { name: "k" } } },
    status: 400,
    code: "invalidBody",
    message: "specificationIds.0",
  },
  {
    name: "import: missing category",
    handler: peersApi.import.POST,
    request: { method: "POST", path: "/api/peers/p/import", params: { id: "p" }, body: { specificationIds: ["a"], catalog: { name: "c" } } },
    status: 400,
    code: "invalidBody",
    message: "category",
  },
  // TMF633
  { name: "specifications: no token", handler: serviceCatalogApi.serviceSpecification.collection.GET, request: { path: "/tmf-api/serviceCatalogManagement/v4/serviceSpecification", token: null }, status: 401, code: "unauthorized" },
  { name: "specification: unknown id", handler: serviceCatalogApi.serviceSpecification.item.GET, request: { path: `/x/${unknownId}`, params: { id: unknownId } }, status: 404, code: "notFound" },
  { name: "create specification: missing name", handler: serviceCatalogApi.serviceSpecification.collection.POST, request: { method: "POST", path: "/x", body: { description: "no name" } }, status: 400, code: "invalidBody", message: "name" },
  { name: "create catalogue: malformed JSON", handler: serviceCatalogApi.serviceCatalog.collection.POST, request: { method: "POST", path: "/x", body: "{" }, status: 400, code: "invalidJson" },
  { name: "category: unknown id", handler: serviceCatalogApi.serviceCategory.item.GET, request: { path: `/x/${unknownId}`, params: { id: unknownId } }, status: 404, code: "notFound" },
  { name: "specifications: invalid limit", handler: serviceCatalogApi.serviceSpecification.collection.GET, request: { path: "/tmf-api/serviceCatalogManagement/v4/serviceSpecification?limit=-1" }, status: 400, code: "invalidQuery" },
  // TMF632
  { name: "organizations: no token", handler: organizationHandlers.collection.GET, request: { path: "/x", token: null }, status: 401, code: "unauthorized" },
  { name: "create organization: missing name", handler: organizationHandlers.collection.POST, request: { method: "POST", path: "/x", body: { organizationType: "x" } }, status: 400, code: "invalidBody", message: "name" },
  { name: "organization: unknown id", handler: organizationHandlers.item.GET, request: { path: `/x/${unknownId}`, params: { id: unknownId } }, status: 404, code: "notFound" },
  { name: "individual: unknown id", handler: individualHandlers.item.GET, request: { path: `/x/${unknownId}`, params: { id: unknownId } }, status: 404, code: "notFound" },
  // TMF641
  { name: "orders: no token", handler: serviceOrderHandlers.collection.GET, request: { path: "/x", token: null }, status: 401, code: "unauthorized" },
  { name: "place order: no token", handler: serviceOrderHandlers.collection.POST, request: { method: "POST", path: "/x", body: { serviceOrderItem: [validOrderItem("x")] }, token: null }, status: 401, code: "unauthorized" },
  { name: "place order: malformed JSON", handler: serviceOrderHandlers.collection.POST, request: { method: "POST", path: "/x", body: '{"serviceOrderItem": [' }, status: 400, code: "invalidJson" },
  { name: "place order: no items", handler: serviceOrderHandlers.collection.POST, request: { method: "POST", path: "/x", body: { serviceOrderItem: [] } }, status: 400, code: "invalidBody", message: "serviceOrderItem" },
  { name: "place order: missing items", handler: serviceOrderHandlers.collection.POST, request: { method: "POST", path: "/x", body: { description: "x" } }, status: 400, code: "invalidBody", message: "serviceOrderItem" },
  {
    name: "place order: unknown action",
    handler: serviceOrderHandlers.collection.POST,
    request: { method: "POST", path: "/x", body: { serviceOrderItem: [{ ...validOrderItem("x"), action: "explode" }] } },
    status: 400,
    code: "invalidBody",
    message: "serviceOrderItem.0.action",
  },
  {
    name: "place order: id sent by the client",
    handler: serviceOrderHandlers.collection.POST,
    request: { method: "POST", path: "/x", body: { id: "mine", serviceOrderItem: [validOrderItem("x")] } },
    status: 400,
    code: "invalidBody",
    message: "id",
  },
  {
    name: "place order: DomainServiceOrder reference sent by the client",
    handler: serviceOrderHandlers.collection.POST,
    request: {
      method: "POST",
      path: "/x",
      body: { externalReference: [{ name: "forged", externalReferenceType: "DomainServiceOrder" }], serviceOrderItem: [validOrderItem("SPEC")] },
    },
    status: 400,
    code: "invalidBody",
    message: "externalReference",
  },
  {
    name: "place order: duplicate item ids",
    handler: serviceOrderHandlers.collection.POST,
    request: { method: "POST", path: "/x", body: { serviceOrderItem: [validOrderItem("SPEC"), validOrderItem("SPEC")] } },
    status: 400,
    code: "invalidBody",
    message: "more than once",
  },
  {
    name: "place order: missing specification",
    handler: serviceOrderHandlers.collection.POST,
    request: { method: "POST", path: "/x", body: { serviceOrderItem: [{ id: "1", action: "add", service: {} }] } },
    status: 400,
    code: "invalidBody",
    message: "serviceSpecification.id",
  },
  {
    name: "place order: unknown specification",
    handler: serviceOrderHandlers.collection.POST,
    request: { method: "POST", path: "/x", body: { serviceOrderItem: [validOrderItem(unknownId)] } },
    status: 422,
    code: "unprocessable",
    message: `Service specification ${unknownId} is not offered by any domain`,
  },
  {
    name: "place order: specification of a removed peer",
    handler: serviceOrderHandlers.collection.POST,
    request: { method: "POST", path: "/x", body: { serviceOrderItem: [validOrderItem("REMOVED")] } },
    status: 422,
    code: "unprocessable",
    message: "is not offered by any domain",
  },
  {
    name: "place order: unknown characteristic",
    handler: serviceOrderHandlers.collection.POST,
    request: {
      method: "POST",
      path: "/x",
      body: { serviceOrderItem: [{ ...validOrderItem("SPEC"), service: { serviceSpecification: { id: "SPEC" }, serviceCharacteristic: [{ name: "colour", value: "red" }] } }] },
    },
    status: 400,
    code: "invalidBody",
    message: "colour is not a characteristic of this specification",
  },
  {
    name: "place order: characteristic of the wrong type",
    handler: serviceOrderHandlers.collection.POST,
    request: {
      method: "POST",
      path: "/x",
      body: { serviceOrderItem: [{ ...validOrderItem("SPEC"), service: { serviceSpecification: { id: "SPEC" }, serviceCharacteristic: [{ name: "replicas", value: "two" }] } }] },
    },
    status: 400,
    code: "invalidBody",
    message: "replicas must be an integer",
  },
  {
    name: "place order: characteristic out of range",
    handler: serviceOrderHandlers.collection.POST,
    request: {
      method: "POST",
      path: "/x",
      body: { serviceOrderItem: [{ ...validOrderItem("SPEC"), service: { serviceSpecification: { id: "SPEC" }, serviceCharacteristic: [{ name: "replicas", value: 99 }] } }] },
    },
    status: 400,
    code: "invalidBody",
    message: "replicas must be at most 10",
  },
  {
    name: "place order: modify is not supported",
    handler: serviceOrderHandlers.collection.POST,
    request: { method: "POST", path: "/x", body: { serviceOrderItem: [{ ...validOrderItem("SPEC"), action: "modify" }] } },
    status: 400,
    code: "invalidBody",
    message: "modify",
  },
  { name: "order: unknown id", handler: serviceOrderHandlers.item.GET, request: { path: `/x/${unknownId}`, params: { id: unknownId } }, status: 404, code: "notFound" },
  { name: "patch order: unknown id", handler: serviceOrderHandlers.item.PATCH, request: { method: "PATCH", path: `/x/${unknownId}`, params: { id: unknownId }, body: { description: "x" } }, status: 404, code: "notFound" },
  { name: "patch order: state is read-only", handler: serviceOrderHandlers.item.PATCH, request: { method: "PATCH", path: `/x/${unknownId}`, params: { id: unknownId }, body: { state: "completed" } }, status: 400, code: "invalidBody" },
  { name: "cancel: malformed JSON", handler: cancelServiceOrderHandlers.collection.POST, request: { method: "POST", path: "/x", body: "{]" }, status: 400, code: "invalidJson" },
  { name: "cancel: missing order", handler: cancelServiceOrderHandlers.collection.POST, request: { method: "POST", path: "/x", body: { cancellationReason: "x" } }, status: 400, code: "invalidBody", message: "serviceOrder" },
  { name: "cancel: unknown order", handler: cancelServiceOrderHandlers.collection.POST, request: { method: "POST", path: "/x", body: { serviceOrder: { id: unknownId } } }, status: 422, code: "unprocessable", message: unknownId },
  { name: "cancel: unknown id", handler: cancelServiceOrderHandlers.item.GET, request: { path: `/x/${unknownId}`, params: { id: unknownId } }, status: 404, code: "notFound" },
];

describe("bad input", () => {
  it.each(cases().map((entry) => [entry.name, entry] as const))("%s", async (_name, entry) => {
    // The cases are built before the fixtures exist, so they name the imported specifications by placeholder.
    const request =
      typeof entry.request.body === "string"
        ? entry.request
        : (JSON.parse(
            JSON.stringify(entry.request)
              .replaceAll('"SPEC"', JSON.stringify(specificationId))
              .replaceAll('"REMOVED"', JSON.stringify(removedPeerSpecificationId)),
          ) as typeof entry.request);
    const before = await countRows(database.db);

    const response = await call(entry.handler, request);

    expect(response.status).toBe(entry.status);
    expect(response.body).toEqual(expect.objectContaining({ code: entry.code, reason: expect.any(String), message: expect.any(String), status: String(entry.status) }));
    if (entry.message) expect(response.body.message).toContain(entry.message);
    expect(await countRows(database.db)).toEqual(before);
  });

  it("keeps the peer's token out of every peer response", async () => {
    for (const response of [
      await call(peersApi.collection.GET, { path: "/api/peers" }),
      await call(peersApi.item.GET, { path: `/api/peers/${peerId}`, params: { id: peerId } }),
      await call(peersApi.check.POST, { method: "POST", path: `/api/peers/${peerId}/check`, params: { id: peerId } }),
    ]) {
      expect(response.status).toBe(200);
      expect(JSON.stringify(response.body)).not.toContain(emulator.token);
    }
  });
});

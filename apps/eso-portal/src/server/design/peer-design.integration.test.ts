import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopTestServer } from "@cop-pilot/db/testing";
import { listAuditEvents, type Principal } from "@cop-pilot/tmf-server";
import { peersApi } from "../admin/peers-api";
import { call, createEsoTestDatabase, type EsoTestDatabase } from "../testing/harness";
import { changeStatusAtPeer, designAtPeer, loadPeerDesign, newVersionAtPeer } from "./peer-design";

// Design from the ESO against a stand-in DO that serves the TMF633 and
// TMF634 calls the design uses and keeps what it is sent.

const token = "design-do-token-0123456789";
const catalogPath = "/tmf-api/serviceCatalogManagement/v4";
const designer: Principal = { kind: "user", id: "designer-1", name: "Designer", email: "designer@cop-pilot.test", role: "serviceDesigner" };

let database: EsoTestDatabase;
let server: Server;
let endpoint: string;
let peerId: string;
const specifications = new Map<string, Record<string, unknown>>();
const patches: Record<string, unknown>[] = [];

function send(response: import("node:http").ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "content-type": "application/json", ...(Array.isArray(body) ? { "x-total-count": String(body.length), "x-result-count": String(body.length) } : {}) });
  response.end(JSON.stringify(body));
}

function startStandInDo(): Promise<void> {
  let next = 1;
  server = createServer((request, response) => {
    if (request.headers.authorization !== `Bearer ${token}`) return send(response, 401, { code: "401", reason: "Unauthorized", message: "token" });
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    let text = "";
    request.on("data", (chunk) => (text += chunk));
    request.on("end", () => {
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      if (url.pathname === "/tmf-api/resourceCatalog/v4/resourceSpecification") {
        return send(response, 200, [{ id: "deployment", name: "Kubernetes deployment", version: "1.0", lifecycleStatus: "Active" }]);
      }
      if (url.pathname === `${catalogPath}/serviceCategory`) return send(response, 200, [{ id: "video", name: "Video" }]);
      if (url.pathname === `${catalogPath}/serviceSpecification` && request.method === "GET") {
        const name = url.searchParams.get("name");
        return send(response, 200, [...specifications.values()].filter((specification) => name === null || specification.name === name));
      }
      if (url.pathname === `${catalogPath}/serviceSpecification` && request.method === "POST") {
        const id = `spec-${next++}`;
        const stored = { ...body, id, href: `${endpoint}${catalogPath}/serviceSpecification/${id}` };
        specifications.set(id, stored);
        return send(response, 201, stored);
      }
      const match = /^\/tmf-api\/serviceCatalogManagement\/v4\/serviceSpecification\/([^/]+)$/.exec(url.pathname);
      const stored = match ? specifications.get(match[1]!) : undefined;
      if (stored && request.method === "GET") return send(response, 200, stored);
      if (stored && request.method === "PATCH") {
        patches.push(body);
        const changed = { ...stored, ...body };
        specifications.set(stored.id as string, changed);
        return send(response, 200, changed);
      }
      return send(response, 404, { code: "404", reason: "Not found", message: url.pathname });
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
}

beforeAll(async () => {
  database = await createEsoTestDatabase();
  await startStandInDo();
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const peer = await call(peersApi.collection.POST, {
    method: "POST",
    path: "/api/peers",
    body: { name: "Design DO", endpoint, apiToken: token, location: { name: "Luleå", latitude: 65.6, longitude: 22.1 }, organization: { name: "Design operator" } },
  });
  expect(peer.status).toBe(201);
  peerId = peer.body.id;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await database?.drop();
  await stopTestServer();
});

describe("design at a peered DO", () => {
  let rfsId: string;

  it("reads the DO's resource specifications and categories", async () => {
    const design = await loadPeerDesign(database.db, peerId);
    expect(design.resourceSpecifications.map((specification) => specification.name)).toEqual(["Kubernetes deployment"]);
    expect(design.categories.map((category) => category.name)).toEqual(["Video"]);
  });

  it("saves an RFS in the DO's catalogue in design", async () => {
    const created = await designAtPeer(database.db, {
      principal: designer,
      peerId,
      draft: { kind: "resourceFacing", name: "Video engine", resourceSpecification: [{ id: "deployment" }], artifact: { registry: "registry.example", name: "video", version: "1.0.0" } },
    });
    rfsId = created.id;
    expect(created.kind).toBe("resourceFacing");
    const stored = specifications.get(rfsId)!;
    expect(stored["@type"]).toBe("ResourceFacingServiceSpecification");
    expect(stored.lifecycleStatus).toBe("In design");
    expect((await loadPeerDesign(database.db, peerId)).resourceFacing.map((specification) => specification.name)).toEqual(["Video engine"]);
  });

  it("rejects an invalid draft before calling the DO", async () => {
    const before = specifications.size;
    await expect(designAtPeer(database.db, { principal: designer, peerId, draft: { kind: "customerFacing", name: "Empty", serviceSpecRelationship: [] } })).rejects.toMatchObject({ status: 400 });
    expect(specifications.size).toBe(before);
  });

  it("rejects a role that may not design", async () => {
    const customer = { ...designer, role: "customer" } as Principal;
    await expect(designAtPeer(database.db, { principal: customer, peerId, draft: {} })).rejects.toMatchObject({ status: 403 });
  });

  it("moves the lifecycle only along allowed transitions", async () => {
    await expect(changeStatusAtPeer(database.db, { principal: designer, peerId, change: { specificationId: rfsId, lifecycleStatus: "Retired" } })).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining("cannot become Retired"),
    });
    expect(patches).toHaveLength(0);
    const active = await changeStatusAtPeer(database.db, { principal: designer, peerId, change: { specificationId: rfsId, lifecycleStatus: "Active" } });
    expect(active.lifecycleStatus).toBe("Active");
    expect(patches).toEqual([{ lifecycleStatus: "Active" }]);
  });

  it("saves a new version beside the old one", async () => {
    const next = await newVersionAtPeer(database.db, { principal: designer, peerId, specificationId: rfsId });
    expect(next.id).not.toBe(rfsId);
    expect(next.version).toBe("1.1");
    expect(next.lifecycleStatus).toBe("In design");
    expect(specifications.get(rfsId)!.lifecycleStatus).toBe("Active");
  });

  it("audits each accepted write with the designer", async () => {
    const entries = await listAuditEvents(database.db, { resourceType: "ServiceSpecification", offset: 0, limit: 50 });
    // Newest first: the new version, the move to Active, the RFS. The rejected move and the invalid draft left none.
    expect(entries.items.map((entry) => entry.action)).toEqual(["create", "stateChange", "create"]);
    for (const entry of entries.items) {
      expect(entry).toMatchObject({ actorKind: "user", actorId: designer.id, actorName: designer.email, actorRole: "serviceDesigner", detail: expect.objectContaining({ peerId }) });
    }
    expect(entries.items[1]).toMatchObject({ resourceId: rfsId, detail: { from: "In design", to: "Active" } });
    expect(entries.items[2]!.resourceId).toBe(rfsId);
  });
});

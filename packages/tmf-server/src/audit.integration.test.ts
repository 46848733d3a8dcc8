import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { doSchema } from "@cop-pilot/db";
import { createTestDatabase, stopTestServer, type TestDatabase } from "@cop-pilot/db/testing";
import { createLogger } from "@cop-pilot/logger";
import { createServiceCatalogApi } from "./apis/service-catalog";
import { auditQuerySchema, listAuditEvents, recordAudit } from "./audit";
import type { Principal } from "./principal";
import { createRouteFactory } from "./route";

// The audit log on a real PostgreSQL: entries written by the generic TMF
// resource handlers with their caller, rolled back with a failed change, and
// found again through the filters of the portal pages.

const designer: Principal = { kind: "user", id: "user-1", name: "Dana Designer", email: "dana@cop-pilot.test", role: "serviceDesigner" };
const client: Principal = { kind: "apiClient", id: "eso", name: "eso" };
let test: TestDatabase<typeof doSchema>;
let api: ReturnType<typeof createServiceCatalogApi>;
let caller: Principal = designer;

beforeAll(async () => {
  test = await createTestDatabase("do", doSchema);
  const route = createRouteFactory({ authenticate: async () => caller, logger: createLogger("test"), baseUrl: () => "http://do.test" });
  api = createServiceCatalogApi({ route, db: () => test.db, tables: doSchema, read: { roles: ["serviceDesigner"] }, write: { roles: ["serviceDesigner"] } });
});

afterAll(async () => {
  await test.drop();
  await stopTestServer();
});

const base = "http://do.test/tmf-api/serviceCatalogManagement/v4/serviceSpecification";
const json = (method: string, url: string, body: unknown) => new Request(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const query = (input: Record<string, string>) => auditQuerySchema.parse(input);

describe("audit log", () => {
  it("records create, update and delete with the actor", async () => {
    caller = designer;
    const created = await api.serviceSpecification.collection.POST(json("POST", base, { name: "Audited spec", lifecycleStatus: "Active" }), { params: Promise.resolve({}) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    caller = client;
    const patched = await api.serviceSpecification.item.PATCH(json("PATCH", `${base}/${id}`, { description: "changed" }), { params: Promise.resolve({ id }) });
    expect(patched.status).toBe(200);
    const deleted = await api.serviceSpecification.item.DELETE(new Request(`${base}/${id}`, { method: "DELETE" }), { params: Promise.resolve({ id }) });
    expect(deleted.status).toBe(204);

    const { items, total } = await listAuditEvents(test.db, query({ resourceId: id }));
    expect(total).toBe(3);
    expect(items.map((item) => item.action)).toEqual(["delete", "update", "create"]);
    expect(items[2]).toMatchObject({ actorKind: "user", actorId: "user-1", actorName: "dana@cop-pilot.test", actorRole: "serviceDesigner", resourceType: "ServiceSpecification" });
    expect(items[2]!.summary).toBe(`Created ServiceSpecification "Audited spec" (${id})`);
    expect(items[1]).toMatchObject({ actorKind: "apiClient", actorName: "eso", actorRole: null, detail: { attributes: ["description"] } });
  });

  it("writes nothing for a rejected change", async () => {
    caller = designer;
    const before = (await listAuditEvents(test.db, query({}))).total;
    const rejected = await api.serviceSpecification.collection.POST(json("POST", base, { lifecycleStatus: 42 }), { params: Promise.resolve({}) });
    expect(rejected.status).toBe(400);
    expect((await listAuditEvents(test.db, query({}))).total).toBe(before);
  });

  it("rolls back with its transaction", async () => {
    const before = (await listAuditEvents(test.db, query({}))).total;
    await expect(
      test.db.transaction(async (tx) => {
        await recordAudit(tx, designer, { action: "create", resourceType: "Peer", resourceId: "peer-1", summary: "Peered" });
        throw new Error("change failed");
      }),
    ).rejects.toThrow("change failed");
    expect((await listAuditEvents(test.db, query({}))).total).toBe(before);
  });

  it("filters by actor, type, action and time", async () => {
    await recordAudit(test.db, { kind: "system", name: "order processor" }, { action: "stateChange", resourceType: "ServiceOrder", resourceId: "order-9", summary: "Completed" });
    expect((await listAuditEvents(test.db, query({ actor: "processor" }))).items.map((item) => item.resourceId)).toEqual(["order-9"]);
    expect((await listAuditEvents(test.db, query({ actor: "DANA@" }))).total).toBe(1);
    expect((await listAuditEvents(test.db, query({ resourceType: "ServiceOrder", action: "stateChange" }))).total).toBe(1);
    expect((await listAuditEvents(test.db, query({ actor: "100%_" }))).total).toBe(0);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect((await listAuditEvents(test.db, query({ since: tomorrow }))).total).toBe(0);
    expect((await listAuditEvents(test.db, query({ until: tomorrow }))).total).toBe(4);
  });

  it("rejects a malformed date filter", () => {
    expect(auditQuerySchema.safeParse({ since: "yesterday" }).success).toBe(false);
    expect(auditQuerySchema.safeParse({ limit: "500" }).success).toBe(false);
  });
});

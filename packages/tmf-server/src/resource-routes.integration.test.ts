import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { doSchema } from "@cop-pilot/db";
import { createTestDatabase, stopTestServer, type TestDatabase } from "@cop-pilot/db/testing";
import { createLogger } from "@cop-pilot/logger";
import { createServiceCatalogApi } from "./apis/service-catalog";
import { createRouteFactory } from "./route";

const TOKEN = "test-token-0123456789";
const base = "http://127.0.0.1:9/tmf-api/serviceCatalogManagement/v4";

let test: TestDatabase<typeof doSchema>;
let api: ReturnType<typeof createServiceCatalogApi>;

beforeAll(async () => {
  test = await createTestDatabase("do", doSchema);
  const route = createRouteFactory({
    authenticate: async (request) =>
      request.headers.get("authorization") === `Bearer ${TOKEN}` ? { kind: "apiClient", id: "test", name: "test" } : null,
    logger: createLogger("test"),
    baseUrl: () => "http://do.test",
  });
  api = createServiceCatalogApi({
    route,
    db: () => test.db,
    tables: doSchema,
    read: { roles: ["customer"] },
    write: { roles: ["serviceDesigner"] },
  });
});

afterAll(async () => {
  await test.drop();
  await stopTestServer();
});

const noParams = { params: Promise.resolve({}) };
const idParams = (id: string) => ({ params: Promise.resolve({ id }) });

function request(method: string, path: string, body?: unknown, token: string | null = TOKEN): Request {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  let text: string | undefined;
  if (typeof body === "string") text = body;
  else if (body !== undefined) text = JSON.stringify(body);
  return new Request(`${base}${path}`, { method, headers, body: text });
}

async function createSpecification(body: Record<string, unknown>) {
  const response = await api.serviceSpecification.collection.POST(request("POST", "/serviceSpecification", body), noParams);
  expect(response.status).toBe(201);
  return (await response.json()) as Record<string, unknown> & { id: string };
}

describe("TMF633 resource handlers", () => {
  it("creates a specification with id, href, @type and lastUpdate", async () => {
    const created = await createSpecification({ name: "BEMIS Seismic", lifecycleStatus: "Active" });
    expect(created.href).toBe(`http://do.test/tmf-api/serviceCatalogManagement/v4/serviceSpecification/${created.id}`);
    expect(created["@type"]).toBe("ServiceSpecification");
    expect(typeof created.lastUpdate).toBe("string");

    const fetched = await api.serviceSpecification.item.GET(request("GET", `/serviceSpecification/${created.id}`), idParams(created.id));
    expect(fetched.status).toBe(200);
    expect(await fetched.json()).toEqual(created);
  });

  it("filters on nested attributes and pages with counts", async () => {
    for (let index = 0; index < 5; index++) {
      await createSpecification({ name: `Paged ${index}`, version: "2.0.0", category: [{ id: index % 2 === 0 ? "even" : "odd" }], lifecycleStatus: "Retired" });
    }
    const page = await api.serviceSpecification.collection.GET(request("GET", "/serviceSpecification?category.id=even&offset=1&limit=1&fields=name"), noParams);
    expect(page.status).toBe(200);
    expect(page.headers.get("X-Total-Count")).toBe("3");
    expect(page.headers.get("X-Result-Count")).toBe("1");
    const items = (await page.json()) as Record<string, unknown>[];
    expect(items).toHaveLength(1);
    expect(Object.keys(items[0]!).sort()).toEqual(["@type", "href", "id", "name"]);
    expect(items[0]!.name).toBe("Paged 2");

    const either = await api.serviceSpecification.collection.GET(request("GET", "/serviceSpecification?lifecycleStatus=Retired,Active"), noParams);
    expect(either.headers.get("X-Total-Count")).toBe("6");
  });

  it("merge-patches and keeps the mandatory attributes", async () => {
    const created = await createSpecification({ name: "Patchable", description: "old", version: "1.0.0" });
    const patched = await api.serviceSpecification.item.PATCH(request("PATCH", `/serviceSpecification/${created.id}`, { description: null, version: "1.1.0" }), idParams(created.id));
    expect(patched.status).toBe(200);
    const body = (await patched.json()) as Record<string, unknown>;
    expect(body.version).toBe("1.1.0");
    expect(body).not.toHaveProperty("description");

    const invalid = await api.serviceSpecification.item.PATCH(request("PATCH", `/serviceSpecification/${created.id}`, { name: null }), idParams(created.id));
    expect(invalid.status).toBe(400);
  });

  it("deletes with 204 and then answers 404", async () => {
    const created = await createSpecification({ name: "Doomed" });
    const deleted = await api.serviceSpecification.item.DELETE(request("DELETE", `/serviceSpecification/${created.id}`), idParams(created.id));
    expect(deleted.status).toBe(204);
    const again = await api.serviceSpecification.item.GET(request("GET", `/serviceSpecification/${created.id}`), idParams(created.id));
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ code: "notFound", status: "404", reason: "Resource not found" });
  });

  it.each([
    ["malformed JSON", "{\"name\":", TOKEN, 400, "invalidJson"],
    ["an empty body", "", TOKEN, 400, "invalidBody"],
    ["a JSON array", "[]", TOKEN, 400, "invalidBody"],
    ["a missing name", { description: "no name" }, TOKEN, 400, "invalidBody"],
    ["a wrong type", { name: "x", isBundle: "yes" }, TOKEN, 400, "invalidBody"],
    ["a client-chosen id", { name: "x", id: "mine" }, TOKEN, 400, "invalidBody"],
    ["a NUL character", { name: "a\u0000b" }, TOKEN, 400, "invalidBody"],
    ["an unpaired surrogate", '{"name":"\\udc00"}', TOKEN, 400, "invalidBody"],
    ["deep nesting", `{"name":"x","extra":${"[".repeat(5000)}${"]".repeat(5000)}}`, TOKEN, 400, "invalidBody"],
    ["a body over 1 MiB", { name: "x".repeat(1024 * 1024 + 1) }, TOKEN, 413, "payloadTooLarge"],
    ["no token", { name: "x" }, null, 401, "unauthorized"],
    ["a wrong token", { name: "x" }, "wrong-token-0000000000", 401, "unauthorized"],
  ])("rejects %s and writes nothing", async (_case, body, token, status, code) => {
    const before = await test.db.$count(doSchema.serviceSpecification);
    const response = await api.serviceSpecification.collection.POST(request("POST", "/serviceSpecification", body, token), noParams);
    expect(response.status).toBe(status);
    const error = (await response.json()) as Record<string, unknown>;
    expect(error.code).toBe(code);
    expect(error.status).toBe(String(status));
    expect(typeof error.reason).toBe("string");
    expect(typeof error.message).toBe("string");
    expect(await test.db.$count(doSchema.serviceSpecification)).toBe(before);
  });

  it("compares with the TMF operators", async () => {
    await createSpecification({ name: "Versioned", version: "7.0.0", validFor: { startDateTime: "2031-05-01T00:00:00Z" } });
    const later = await api.serviceSpecification.collection.GET(request("GET", "/serviceSpecification?validFor.startDateTime.gt=2030-12-31"), noParams);
    expect(later.headers.get("X-Total-Count")).toBe("1");
    const symbolic = await api.serviceSpecification.collection.GET(request("GET", "/serviceSpecification?version>=7.0.0"), noParams);
    expect(((await symbolic.json()) as { name: string }[]).map((item) => item.name)).toEqual(["Versioned"]);
    const none = await api.serviceSpecification.collection.GET(request("GET", "/serviceSpecification?validFor.startDateTime.lt=2000-01-01"), noParams);
    expect(none.headers.get("X-Total-Count")).toBe("0");
    const others = await api.serviceSpecification.collection.GET(request("GET", "/serviceSpecification?version.ne=7.0.0&name=Versioned,Patchable"), noParams);
    expect(((await others.json()) as { name: string }[]).map((item) => item.name)).toEqual(["Patchable"]);
  });

  it.each([
    ["text/plain", "Content-Type text/plain is not supported"],
    ["application/json-patch+json", "JSON Patch is not supported"],
  ])("rejects the media type %s with 415", async (contentType, message) => {
    const before = await test.db.$count(doSchema.serviceSpecification);
    const response = await api.serviceSpecification.collection.POST(
      new Request(`${base}/serviceSpecification`, { method: "POST", headers: { authorization: `Bearer ${TOKEN}`, "content-type": contentType }, body: JSON.stringify({ name: "x" }) }),
      noParams,
    );
    expect(response.status).toBe(415);
    expect(((await response.json()) as { message: string }).message).toContain(message);
    expect(await test.db.$count(doSchema.serviceSpecification)).toBe(before);
  });

  it.each(["limit=-3", "offset=99999999999999999999"])("rejects the paging parameter %s", async (search) => {
    const response = await api.serviceSpecification.collection.GET(request("GET", `/serviceSpecification?${search}`), noParams);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "invalidQuery" });
  });
});

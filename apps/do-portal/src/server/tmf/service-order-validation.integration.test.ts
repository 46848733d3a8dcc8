import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { doSchema } from "@cop-pilot/db";
import { stopTestServer } from "@cop-pilot/db/testing";
import { getDomain } from "@cop-pilot/service-library";
import {
  createDoTestEnvironment,
  dropDoTestEnvironment,
  noParams,
  routeParams,
  tmfRequest,
  type DoTestDatabase,
  type TestRequestOptions,
} from "../testing/do-test-context";

// Every rejected request must return a TMF Error body and write nothing.

const domain = getDomain("valencia");
const ordersPath = "/tmf-api/serviceOrdering/v4/serviceOrder";

let database: DoTestDatabase;
let app: Awaited<ReturnType<typeof loadApp>>;
let activeId: string;
let retiredId: string;
let unusableId: string;

async function loadApp() {
  return {
    orders: await import("@/app/tmf-api/serviceOrdering/v4/serviceOrder/route"),
    order: await import("@/app/tmf-api/serviceOrdering/v4/serviceOrder/[id]/route"),
    cancels: await import("@/app/tmf-api/serviceOrdering/v4/cancelServiceOrder/route"),
    auth: await import("../auth"),
    seedParty: await import("../seed/party"),
    seedCatalog: await import("../seed/service-catalog"),
    db: (await import("../db")).db,
  };
}

function item(characteristics: unknown[] = [], overrides: Record<string, unknown> = {}) {
  return {
    id: "1",
    action: "add",
    service: { serviceSpecification: { id: activeId }, serviceCharacteristic: characteristics },
    ...overrides,
  };
}

async function writtenRows() {
  const tables = [doSchema.serviceOrder, doSchema.serviceOrderStateHistory, doSchema.serviceOrderIdempotencyKey, doSchema.cancelServiceOrder];
  const counts = [];
  for (const table of tables) {
    const [row] = await database.db.select({ total: count() }).from(table);
    counts.push(row!.total);
  }
  return counts;
}

interface BadInput {
  name: string;
  request: () => TestRequestOptions;
  status: number;
  code: string;
  /** Texts the error message must contain, such as the attribute at fault. */
  mentions: string[];
}

const badOrders: BadInput[] = [
  { name: "malformed JSON", request: () => ({ text: '{"serviceOrderItem": [' }), status: 400, code: "invalidJson", mentions: ["not valid JSON"] },
  { name: "empty body", request: () => ({ text: "" }), status: 400, code: "invalidBody", mentions: ["empty"] },
  { name: "JSON array body", request: () => ({ body: [item()] }), status: 400, code: "invalidBody", mentions: ["JSON object"] },
  { name: "missing serviceOrderItem", request: () => ({ body: { description: "no items" } }), status: 400, code: "invalidBody", mentions: ["serviceOrderItem"] },
  { name: "empty serviceOrderItem", request: () => ({ body: { serviceOrderItem: [] } }), status: 400, code: "invalidBody", mentions: ["serviceOrderItem"] },
  { name: "serviceOrderItem of wrong type", request: () => ({ body: { serviceOrderItem: "1" } }), status: 400, code: "invalidBody", mentions: ["serviceOrderItem"] },
  { name: "action of wrong type", request: () => ({ body: { serviceOrderItem: [item([], { action: 5 })] } }), status: 400, code: "invalidBody", mentions: ["action"] },
  { name: "item without id", request: () => ({ body: { serviceOrderItem: [{ action: "add", service: {} }] } }), status: 400, code: "invalidBody", mentions: ["serviceOrderItem.0.id"] },
  {
    name: "invalid requestedStartDate",
    request: () => ({ body: { requestedStartDate: "tomorrow", serviceOrderItem: [item()] } }),
    status: 400,
    code: "invalidBody",
    mentions: ["requestedStartDate"],
  },
  { name: "server-assigned state", request: () => ({ body: { state: "completed", serviceOrderItem: [item()] } }), status: 400, code: "invalidBody", mentions: ["state"] },
  { name: "server-assigned id", request: () => ({ body: { id: "mine", serviceOrderItem: [item()] } }), status: 400, code: "invalidBody", mentions: ["id"] },
  {
    name: "duplicate item ids",
    request: () => ({ body: { serviceOrderItem: [item(), item()] } }),
    status: 400,
    code: "invalidBody",
    mentions: ['serviceOrderItem "1"', "more than one item"],
  },
  {
    name: "item without serviceSpecification",
    request: () => ({ body: { serviceOrderItem: [{ id: "1", action: "add", service: { name: "x" } }] } }),
    status: 400,
    code: "invalidBody",
    mentions: ["serviceSpecification"],
  },
  {
    name: "unsupported action",
    request: () => ({ body: { serviceOrderItem: [item([], { action: "noChange" })] } }),
    status: 422,
    code: "unprocessable",
    mentions: ['"noChange"', "use add, modify or delete"],
  },
  {
    name: "modify without a service id",
    request: () => ({ body: { serviceOrderItem: [item([{ name: "replicas", value: 2 }], { action: "modify" })] } }),
    status: 400,
    code: "invalidBody",
    mentions: ["service.id is required"],
  },
  {
    name: "quantity above one",
    request: () => ({ body: { serviceOrderItem: [item([], { quantity: 3 })] } }),
    status: 422,
    code: "unprocessable",
    mentions: ["quantity 3"],
  },
  {
    name: "unknown specification id",
    request: () => ({ body: { serviceOrderItem: [{ id: "1", action: "add", service: { serviceSpecification: { id: "no-such-spec" } } }] } }),
    status: 422,
    code: "unprocessable",
    mentions: ['"no-such-spec"', "does not exist"],
  },
  {
    name: "retired specification",
    request: () => ({ body: { serviceOrderItem: [{ id: "1", action: "add", service: { serviceSpecification: { id: retiredId } } }] } }),
    status: 422,
    code: "unprocessable",
    mentions: ["is Retired", "only Active or Launched"],
  },
  {
    name: "unknown characteristic",
    request: () => ({ body: { serviceOrderItem: [item([{ name: "colour", value: "blue" }])] } }),
    status: 400,
    code: "invalidBody",
    mentions: ["colour is not a characteristic"],
  },
  {
    name: "out-of-range value",
    request: () => ({ body: { serviceOrderItem: [item([{ name: "orderDuration", value: 400 }])] } }),
    status: 400,
    code: "invalidBody",
    mentions: ["orderDuration must be at most 365"],
  },
  {
    name: "characteristic of wrong type",
    request: () => ({ body: { serviceOrderItem: [item([{ name: "replicas", value: "two" }])] } }),
    status: 400,
    code: "invalidBody",
    mentions: ["replicas must be an integer"],
  },
  {
    name: "several characteristic problems",
    request: () => ({
      body: { serviceOrderItem: [item([{ name: "replicas", value: 0 }, { name: "orderDuration", value: 0 }])] },
    }),
    status: 400,
    code: "invalidBody",
    mentions: ["replicas must be at least 1", "orderDuration must be at least 1"],
  },
  {
    name: "artifact name other than the specification's",
    request: () => ({ body: { serviceOrderItem: [item([{ name: "artifactName", value: "Traffic Radar!" }])] } }),
    status: 422,
    code: "unprocessable",
    mentions: ["artifactName is fixed by the specification"],
  },
  {
    name: "registry other than the specification's",
    request: () => ({ body: { serviceOrderItem: [item([{ name: "artifactRegistry", value: "ftp://registry" }])] } }),
    status: 422,
    code: "unprocessable",
    mentions: ["artifactRegistry is fixed by the specification"],
  },
  {
    name: "targetCluster of another domain",
    request: () => ({ body: { serviceOrderItem: [item([{ name: "targetCluster", value: "lulea-edge-cluster" }])] } }),
    status: 422,
    code: "unprocessable",
    mentions: ['"lulea-edge-cluster"', domain.computeCluster],
  },
  {
    name: "invalid Idempotency-Key",
    request: () => ({ body: { serviceOrderItem: [item()] }, headers: { "Idempotency-Key": "two words" } }),
    status: 400,
    code: "invalidBody",
    mentions: ["Idempotency-Key"],
  },
  { name: "no token", request: () => ({ body: { serviceOrderItem: [item()] }, token: null }), status: 401, code: "unauthorized", mentions: ["bearer token"] },
  { name: "wrong token", request: () => ({ body: { serviceOrderItem: [item()] }, token: "not-the-do-token-1234" }), status: 401, code: "unauthorized", mentions: ["bearer token"] },
  {
    name: "malformed Authorization header",
    request: () => ({ body: { serviceOrderItem: [item()] }, token: null, headers: { authorization: "Basic abc" } }),
    status: 401,
    code: "unauthorized",
    mentions: ["bearer token"],
  },
];

function expectTmfError(body: Record<string, unknown>, status: number, code: string) {
  expect(body.code).toBe(code);
  expect(body.status).toBe(String(status));
  expect(body.reason).toBeTypeOf("string");
  expect(body.message).toBeTypeOf("string");
}

beforeAll(async () => {
  database = await createDoTestEnvironment({ domainId: "valencia" });
  app = await loadApp();
  const owner = await app.seedParty.ensureDomainOwnerOrganization(app.db(), domain, "http://127.0.0.1:39610");
  await app.seedCatalog.seedServiceCatalog(app.db(), domain, "http://127.0.0.1:39610", owner);
  const specifications = await database.db
    .select({ id: doSchema.serviceSpecification.id })
    .from(doSchema.serviceSpecification)
    .orderBy(doSchema.serviceSpecification.name)
    .limit(3);
  activeId = specifications[0]!.id;
  retiredId = specifications[1]!.id;
  unusableId = specifications[2]!.id;
  // A specification whose own artifact name cannot be deployed, as a design saved before the design check would be.
  const [unusable] = await database.db.select().from(doSchema.serviceSpecification).where(eq(doSchema.serviceSpecification.id, unusableId));
  const characteristics = (unusable!.document.specCharacteristic as Record<string, unknown>[]).map((characteristic) =>
    characteristic.name === "artifactName"
      ? { ...characteristic, characteristicValueSpecification: [{ valueType: "string", value: "UPPER CASE/..//x", isDefault: true }] }
      : characteristic,
  );
  await database.db
    .update(doSchema.serviceSpecification)
    .set({ document: { ...unusable!.document, specCharacteristic: characteristics } })
    .where(eq(doSchema.serviceSpecification.id, unusableId));
  const [retired] = await database.db.select().from(doSchema.serviceSpecification).where(eq(doSchema.serviceSpecification.id, retiredId));
  await database.db
    .update(doSchema.serviceSpecification)
    .set({ lifecycleStatus: "Retired", document: { ...retired!.document, lifecycleStatus: "Retired" } })
    .where(eq(doSchema.serviceSpecification.id, retiredId));
});

afterAll(async () => {
  await dropDoTestEnvironment(database);
  await stopTestServer();
});

describe("POST serviceOrder rejects bad input", () => {
  it.each(badOrders)("rejects $name", async ({ request, status, code, mentions }) => {
    const before = await writtenRows();

    const response = await app.orders.POST(tmfRequest("POST", ordersPath, request()), noParams);

    expect(response.status).toBe(status);
    const body = await response.json();
    expectTmfError(body, status, code);
    for (const text of mentions) expect(body.message).toContain(text);
    expect(await writtenRows()).toEqual(before);
  });

  it("names the retired specification", async () => {
    const response = await app.orders.POST(
      tmfRequest("POST", ordersPath, { body: { serviceOrderItem: [{ id: "1", action: "add", service: { serviceSpecification: { id: retiredId } } }] } }),
      noParams,
    );

    expect(response.status).toBe(422);
    expect((await response.json()).message).toContain(retiredId);
  });

  it("rejects an order for a specification whose artifact cannot be deployed with 422", async () => {
    const before = await writtenRows();

    const response = await app.orders.POST(
      tmfRequest("POST", ordersPath, { body: { serviceOrderItem: [{ id: "1", action: "add", service: { serviceSpecification: { id: unusableId } } }] } }),
      noParams,
    );

    expect(response.status).toBe(422);
    const body = await response.json();
    expectTmfError(body, 422, "unprocessable");
    expect(body.message).toContain(unusableId);
    expect(body.message).toContain("artifactName");
    expect(await writtenRows()).toEqual(before);
  });

  it("accepts the same order once the input is fixed", async () => {
    const response = await app.orders.POST(tmfRequest("POST", ordersPath, { body: { serviceOrderItem: [item()] } }), noParams);

    expect(response.status).toBe(201);
  });
});

describe("serviceOrder by id", () => {
  const unknown = "00000000-0000-4000-8000-000000000000";

  it.each([
    ["GET", () => app.order.GET(tmfRequest("GET", `${ordersPath}/${unknown}`), routeParams({ id: unknown }))],
    ["PATCH", () => app.order.PATCH(tmfRequest("PATCH", `${ordersPath}/${unknown}`, { body: { description: "x" } }), routeParams({ id: unknown }))],
    ["DELETE", () => app.order.DELETE(tmfRequest("DELETE", `${ordersPath}/${unknown}`), routeParams({ id: unknown }))],
  ] as const)("returns 404 to %s of an unknown order", async (_method, call) => {
    const before = await writtenRows();

    const response = await call();

    expect(response.status).toBe(404);
    const body = await response.json();
    expectTmfError(body, 404, "notFound");
    expect(body.message).toContain(unknown);
    expect(await writtenRows()).toEqual(before);
  });

  it("rejects GET without a token", async () => {
    const response = await app.order.GET(tmfRequest("GET", `${ordersPath}/${unknown}`, { token: null }), routeParams({ id: unknown }));

    expect(response.status).toBe(401);
    expectTmfError(await response.json(), 401, "unauthorized");
  });
});

describe("cancelServiceOrder rejects bad input", () => {
  it.each([
    { name: "missing serviceOrder", body: { cancellationReason: "x" }, status: 400, code: "invalidBody" },
    { name: "serviceOrder without id", body: { serviceOrder: {} }, status: 400, code: "invalidBody" },
    { name: "server-assigned state", body: { serviceOrder: { id: "x" }, state: "done" }, status: 400, code: "invalidBody" },
    { name: "unknown order", body: { serviceOrder: { id: "no-such-order" } }, status: 404, code: "notFound" },
  ])("rejects $name", async ({ body, status, code }) => {
    const before = await writtenRows();

    const response = await app.cancels.POST(tmfRequest("POST", "/tmf-api/serviceOrdering/v4/cancelServiceOrder", { body }), noParams);

    expect(response.status).toBe(status);
    expectTmfError(await response.json(), status, code);
    expect(await writtenRows()).toEqual(before);
  });
});

describe("signed-in users", () => {
  async function sessionCookie(email: string, role: "domainOwner" | "serviceDesigner") {
    const { upsertAccount } = await import("@cop-pilot/auth");
    const password = "a-long-test-password";
    await upsertAccount(app.db(), { email, name: email, password, role });
    const response = await app.auth.auth().api.signInEmail({ body: { email, password }, asResponse: true });
    const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]);
    return cookies.join("; ");
  }

  it("lets a domain owner place an order", async () => {
    const cookie = await sessionCookie("owner.valencia@cop-pilot.test", "domainOwner");

    const response = await app.orders.POST(
      tmfRequest("POST", ordersPath, { body: { serviceOrderItem: [item()] }, token: null, headers: { cookie } }),
      noParams,
    );

    expect(response.status).toBe(201);
    expect((await response.json()).milestone[0].message).toContain("owner.valencia@cop-pilot.test");
  });

  it("forbids a service designer to place an order", async () => {
    const cookie = await sessionCookie("designer@cop-pilot.test", "serviceDesigner");
    const before = await writtenRows();

    const response = await app.orders.POST(
      tmfRequest("POST", ordersPath, { body: { serviceOrderItem: [item()] }, token: null, headers: { cookie } }),
      noParams,
    );

    expect(response.status).toBe(403);
    expectTmfError(await response.json(), 403, "forbidden");
    expect(await writtenRows()).toEqual(before);
  });

  it("lets a service designer list orders", async () => {
    const cookie = await sessionCookie("designer2@cop-pilot.test", "serviceDesigner");

    const response = await app.orders.GET(tmfRequest("GET", ordersPath, { token: null, headers: { cookie } }), noParams);

    expect(response.status).toBe(200);
  });
});

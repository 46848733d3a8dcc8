import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { doSchema } from "@cop-pilot/db";
import { eventOutbox, eventSubscription } from "@cop-pilot/db/schema/events";
import { createTestDatabase, stopTestServer, type TestDatabase } from "@cop-pilot/db/testing";
import { createLogger } from "@cop-pilot/logger";
import { createRouteFactory } from "@cop-pilot/tmf-server";
import { listDeadLetteredEvents, retryDeadLetteredEvents, runDeliveryPass, startDeliveryLoop, type DeliveryLoop } from "./delivery";
import { createHubHandlers } from "./hub";
import { publishChange, publishEvent, type EventSource } from "./outbox";

const TOKEN = "events-test-token-0123456789";
const api = "/tmf-api/serviceOrdering/v4";
const source: EventSource = { api, style: { resourceName: "serviceOrder" }, domain: "do-test" };

let test: TestDatabase<typeof doSchema>;
let hub: ReturnType<typeof createHubHandlers>;

interface Received {
  path: string;
  body: { eventType: string; event: { serviceOrder: { id: string; state: string } } };
}

/** A listener on 127.0.0.1 that records what it receives; it can be stopped and started on the same port. */
class Listener {
  received: Received[] = [];
  status = 204;
  private server: Server | undefined;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      let text = "";
      request.on("data", (chunk) => (text += chunk));
      request.on("end", () => {
        if (this.status < 300) this.received.push({ path: request.url ?? "", body: JSON.parse(text) });
        response.writeHead(this.status).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
    this.server = undefined;
  }

  get callback(): string {
    return `http://127.0.0.1:${this.port}/callback`;
  }
}

beforeAll(async () => {
  test = await createTestDatabase("do", doSchema);
  const route = createRouteFactory({
    authenticate: async (request) => (request.headers.get("authorization") === `Bearer ${TOKEN}` ? { kind: "apiClient", id: "test-client", name: "test" } : null),
    logger: createLogger("test"),
    baseUrl: () => "http://do.test",
  });
  hub = createHubHandlers({ route, db: () => test.db, api });
});

afterAll(async () => {
  await test.drop();
  await stopTestServer();
});

afterEach(async () => {
  await test.db.delete(eventSubscription);
});

function hubRequest(method: string, path: string, body?: unknown, token: string | null = TOKEN): Request {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  return new Request(`http://do.test${api}/hub${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function register(callback: string, query?: string): Promise<string> {
  const response = await hub.collection.POST(hubRequest("POST", "", { callback, query }), { params: Promise.resolve({}) });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** Writes one order change the way an app does: the event in the transaction of the change. */
async function changeOrder(id: string, previousState: string | undefined, state: string): Promise<void> {
  await test.db.transaction(async (tx) => {
    const previous = previousState === undefined ? undefined : { id, state: previousState };
    await publishChange(tx, source, previous, { id, state });
  });
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("hub", () => {
  it("registers, reads and deletes a listener", async () => {
    const response = await hub.collection.POST(hubRequest("POST", "", { callback: "http://127.0.0.1:42501/cb/", query: "eventType=ServiceOrderStateChangeEvent" }), { params: Promise.resolve({}) });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string; callback: string; query: string };
    expect(created.callback).toBe("http://127.0.0.1:42501/cb");
    expect(created.query).toBe("eventType=ServiceOrderStateChangeEvent");
    expect(response.headers.get("location")).toBe(`http://do.test${api}/hub/${created.id}`);

    const read = await hub.item.GET(hubRequest("GET", `/${created.id}`), { params: Promise.resolve({ id: created.id }) });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { id: string }).id).toBe(created.id);

    const deleted = await hub.item.DELETE(hubRequest("DELETE", `/${created.id}`), { params: Promise.resolve({ id: created.id }) });
    expect(deleted.status).toBe(204);
    const again = await hub.item.DELETE(hubRequest("DELETE", `/${created.id}`), { params: Promise.resolve({ id: created.id }) });
    expect(again.status).toBe(404);
  });

  it.each([
    ["a metadata callback", { callback: "http://169.254.169.254/latest/meta-data" }, 400],
    ["a non-http callback", { callback: "file:///etc/passwd" }, 400],
    ["no callback", { query: "eventType=X" }, 400],
    ["a malformed query", { callback: "http://127.0.0.1:42501/cb", query: "eventType" }, 400],
  ])("rejects %s and stores nothing", async (_case, body, status) => {
    const response = await hub.collection.POST(hubRequest("POST", "", body), { params: Promise.resolve({}) });
    expect(response.status).toBe(status);
    expect(((await response.json()) as { code: string }).code).toBe("invalidBody");
    expect(await test.db.select().from(eventSubscription)).toHaveLength(0);
  });

  it("rejects a caller without a token", async () => {
    const response = await hub.collection.POST(hubRequest("POST", "", { callback: "http://127.0.0.1:42501/cb" }, null), { params: Promise.resolve({}) });
    expect(response.status).toBe(401);
  });
});

describe("outbox", () => {
  it("writes nothing when the transaction rolls back", async () => {
    await register("http://127.0.0.1:42501/cb");
    await expect(
      test.db.transaction(async (tx) => {
        await publishEvent(tx, source, "create", { id: "rolled-back", state: "acknowledged" });
        throw new Error("change failed");
      }),
    ).rejects.toThrow("change failed");
    expect(await test.db.select().from(eventOutbox).where(eq(eventOutbox.resourceKey, "serviceOrder/rolled-back"))).toHaveLength(0);
  });

  it("gives each listener only the events its query takes", async () => {
    const all = await register("http://127.0.0.1:42501/all");
    const states = await register("http://127.0.0.1:42501/states", "eventType=ServiceOrderStateChangeEvent");
    await changeOrder("filtered", undefined, "acknowledged");
    await changeOrder("filtered", "acknowledged", "inProgress");
    const rows = await test.db.select().from(eventOutbox).where(eq(eventOutbox.resourceKey, "serviceOrder/filtered"));
    expect(rows.filter((row) => row.subscriptionId === all).map((row) => row.eventType)).toEqual(["ServiceOrderCreateEvent", "ServiceOrderStateChangeEvent"]);
    expect(rows.filter((row) => row.subscriptionId === states).map((row) => row.eventType)).toEqual(["ServiceOrderStateChangeEvent"]);
  });
});

describe("delivery", () => {
  const listener = new Listener();
  let loop: DeliveryLoop | undefined;
  const fast = { baseBackoffMs: 50, maxBackoffMs: 200, intervalMs: 100, timeoutMs: 1000 };

  afterEach(async () => {
    await loop?.stop();
    loop = undefined;
    await listener.stop();
    listener.received = [];
    listener.status = 204;
  });

  it("delivers to {callback}/listener/{eventName} at once", async () => {
    await listener.start();
    await register(listener.callback);
    loop = startDeliveryLoop(test.db, { ...fast, intervalMs: 60_000, client: test.db.$client });
    // Let the loop's first pass and LISTEN settle, so that only the NOTIFY can explain a fast delivery.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await changeOrder("prompt", undefined, "acknowledged");
    await until(() => listener.received.length === 1, 2_000);
    expect(listener.received[0]!.path).toBe("/callback/listener/serviceOrderCreateEvent");
    expect(listener.received[0]!.body.event.serviceOrder.id).toBe("prompt");
  });

  it("delivers every missed event in order after the listener and the loop restart", async () => {
    // The listener is down: its port is reserved, then closed.
    await listener.start();
    await listener.stop();
    const subscriptionId = await register(listener.callback);

    const states = ["acknowledged", "inProgress", "completed"];
    for (const order of ["a", "b"]) {
      let previous: string | undefined;
      for (const state of states) {
        await changeOrder(`order-${order}`, previous, state);
        previous = state;
      }
    }

    loop = startDeliveryLoop(test.db, fast);
    await until(async () => {
      const rows = await test.db.select().from(eventOutbox).where(eq(eventOutbox.subscriptionId, subscriptionId));
      return rows.some((row) => row.attempts >= 2);
    });
    // Only the first event of each order was tried: the later ones wait behind it.
    const tried = await test.db.select().from(eventOutbox).where(eq(eventOutbox.subscriptionId, subscriptionId));
    expect(tried.filter((row) => row.attempts > 0).map((row) => row.resourceKey).sort()).toEqual(["serviceOrder/order-a", "serviceOrder/order-b"]);
    expect(tried.every((row) => row.status === "pending")).toBe(true);

    // The process restarts: the loop stops, the listener comes back, a new loop starts.
    await loop.stop();
    await listener.start();
    loop = startDeliveryLoop(test.db, fast);
    await until(() => listener.received.length === 6);

    for (const order of ["a", "b"]) {
      const events = listener.received.filter((received) => received.body.event.serviceOrder.id === `order-${order}`);
      expect(events.map((received) => received.body.event.serviceOrder.state)).toEqual(states);
      expect(events.map((received) => received.body.eventType)).toEqual(["ServiceOrderCreateEvent", "ServiceOrderStateChangeEvent", "ServiceOrderStateChangeEvent"]);
    }
    // The loop records a delivery after the listener has answered, so the last rows may lag a moment behind.
    const allDelivered = async () => {
      const rows = await test.db.select().from(eventOutbox).where(eq(eventOutbox.subscriptionId, subscriptionId));
      return rows.every((row) => row.status === "delivered" && row.deliveredAt !== null);
    };
    await until(allDelivered, 5_000).catch(() => undefined);
    expect(await allDelivered()).toBe(true);
  });

  it("dead-letters an event after the last retry and lets the next one through", async () => {
    await listener.start();
    listener.status = 500;
    const subscriptionId = await register(listener.callback);
    await changeOrder("dead", undefined, "acknowledged");
    await changeOrder("dead", "acknowledged", "inProgress");

    const options = { maxAttempts: 3, baseBackoffMs: 0, maxBackoffMs: 0 };
    for (let pass = 0; pass < 3; pass++) await runDeliveryPass(test.db, options);
    const deadLetters = await listDeadLetteredEvents(test.db, subscriptionId);
    expect(deadLetters.map((row) => row.eventType)).toEqual(["ServiceOrderCreateEvent"]);
    expect(deadLetters[0]!.attempts).toBe(3);
    expect(deadLetters[0]!.lastError).toBe("listener returned HTTP 500");

    listener.status = 204;
    await runDeliveryPass(test.db, options);
    expect(listener.received.map((received) => received.body.eventType)).toEqual(["ServiceOrderStateChangeEvent"]);

    expect(await retryDeadLetteredEvents(test.db, subscriptionId)).toBe(1);
    await runDeliveryPass(test.db, options);
    expect(listener.received.map((received) => received.body.eventType)).toEqual(["ServiceOrderStateChangeEvent", "ServiceOrderCreateEvent"]);
    expect(await listDeadLetteredEvents(test.db, subscriptionId)).toHaveLength(0);
  });
});

import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bmpSchema } from "@cop-pilot/db";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { startHarness, type Harness } from "./testing/harness";

// The BMP as a listener at the ESO's TMF641 hub. A notification with the
// registered secret makes the product order placed as that ESO order due
// now. Anything else is rejected without waking an order.

const seismicService = "eso-bemis-multi-sensing-seismic-processing";
const secret = "bmp-listener-secret-0123456789abcdef";
const farFuture = new Date(Date.now() + 3_600_000);

let harness: Harness;
let events: typeof import("./eso-events");
let offeringId: string;

beforeAll(async () => {
  harness = await startHarness();
  events = await import("./eso-events");
  const specification = await harness.call("POST", `${tmfApiPaths.productCatalog}/productSpecification`, {
    body: { name: "Seismic processing", serviceSpecification: [{ id: seismicService }] },
  });
  const offering = await harness.call("POST", `${tmfApiPaths.productCatalog}/productOffering`, {
    body: { name: "Seismic processing", lifecycleStatus: "Launched", productSpecification: { id: specification.body.id } },
  });
  offeringId = offering.body.id;
});

afterAll(async () => {
  await harness?.close();
});

/** Places a product order, lets the processor place its ESO order, and parks it an hour ahead. */
async function placedOrder(): Promise<{ id: string; serviceOrderId: string }> {
  const response = await harness.call("POST", `${tmfApiPaths.productOrdering}/productOrder`, {
    as: "customer",
    body: { productOrderItem: [{ id: "1", action: "add", productOffering: { id: offeringId } }] },
  });
  expect(response.status).toBe(201);
  await harness.processOrders(1);
  const { productOrder } = bmpSchema;
  await harness.database.db.update(productOrder).set({ nextAttemptAt: farFuture }).where(eq(productOrder.id, response.body.id));
  const [row] = await harness.database.db.select().from(productOrder).where(eq(productOrder.id, response.body.id));
  expect(row!.serviceOrderId).not.toBeNull();
  return { id: response.body.id, serviceOrderId: row!.serviceOrderId! };
}

async function nextAttemptAt(id: string): Promise<number> {
  const [row] = await harness.database.db.select().from(bmpSchema.productOrder).where(eq(bmpSchema.productOrder.id, id));
  return row!.nextAttemptAt!.getTime();
}

function notify(params: { peerKey: string; secret: string; eventName: string }, body: unknown) {
  const request = new Request(`http://127.0.0.1:39899/tmf-events/peer/${params.peerKey}/${params.secret}/listener/${params.eventName}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return events.esoListener(request, { params: Promise.resolve(params) });
}

function stateChange(serviceOrderId: string) {
  return { eventId: "event-1", eventType: "ServiceOrderStateChangeEvent", event: { serviceOrder: { id: serviceOrderId, state: "completed" } } };
}

describe("registration at the ESO", () => {
  it("finds no hub at an ESO that serves none", async () => {
    expect(await events.registerAtEsoHub(harness.database.db)).toBe("noHub");
    expect(events.isRegisteredAtEsoHub()).toBe(false);
  });
});

describe("notifications from the ESO", () => {
  beforeAll(async () => {
    // Stands for a registration made earlier: only the secret's hash is stored.
    await harness.database.db.insert(bmpSchema.hubRegistration).values({
      peerKey: events.esoPeerKey,
      hubUrl: `${harness.eso.url}${tmfApiPaths.serviceOrdering}/hub`,
      subscriptionId: "subscription-1",
      secretHash: createHash("sha256").update(secret).digest("hex"),
    });
  });

  it("wake the product order of the ESO order", async () => {
    const order = await placedOrder();
    const response = await notify({ peerKey: "eso", secret, eventName: "serviceOrderStateChangeEvent" }, stateChange(order.serviceOrderId));
    expect(response.status).toBe(204);
    expect(await nextAttemptAt(order.id)).toBeLessThanOrEqual(Date.now());
  });

  it.each([
    ["a wrong secret", { peerKey: "eso", secret: "wrong-secret", eventName: "serviceOrderStateChangeEvent" }, undefined, 401],
    ["an unknown peer", { peerKey: "other", secret, eventName: "serviceOrderStateChangeEvent" }, undefined, 401],
    ["a mismatched event name", { peerKey: "eso", secret, eventName: "serviceOrderCreateEvent" }, undefined, 400],
    ["a resource without id", { peerKey: "eso", secret, eventName: "serviceOrderStateChangeEvent" }, { eventId: "e", eventType: "ServiceOrderStateChangeEvent", event: { serviceOrder: {} } }, 400],
  ])("are rejected with %s", async (_case, params, body, status) => {
    const order = await placedOrder();
    const response = await notify(params, body ?? stateChange(order.serviceOrderId));
    expect(response.status).toBe(status);
    expect(((await response.json()) as { code: string }).code).toBeDefined();
    expect(await nextAttemptAt(order.id)).toBe(farFuture.getTime());
  });
});

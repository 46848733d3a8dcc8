import { createServer, type Server } from "node:http";
import { expect, test } from "@playwright/test";
import { credentials, platform } from "../platform";

// A product order's state travels BMP ← ESO ← DO by TMF events. The platform
// under test polls orders whose state arrives by events only once a minute
// (EVENT_FALLBACK_POLL_INTERVAL_MS in global-setup.ts), so an order that
// completes within the timeout below got there through events. The test also
// listens at the BMP's own TMF622 hub, as a third-party client would.

const productOrdering = "/tmf-api/productOrderingManagement/v4";
const listenerPort = Number(new URL(platform.bmp).port) + 250;
const completionTimeoutMs = 30_000;

interface ReceivedEvent {
  path: string;
  receivedAt: number;
  body: { eventType: string; event: { productOrder: { id: string; state: string } } };
}

function startListener(received: ReceivedEvent[]): Promise<Server> {
  const server = createServer((request, response) => {
    let text = "";
    request.on("data", (chunk) => (text += chunk));
    request.on("end", () => {
      received.push({ path: request.url ?? "", receivedAt: Date.now(), body: JSON.parse(text) });
      response.writeHead(204).end();
    });
  });
  return new Promise((resolve) => server.listen(listenerPort, "127.0.0.1", () => resolve(server)));
}

test("product order completes through TMF events", async ({ request }) => {
  const headers = { Authorization: `Bearer ${credentials().apiTokens.bmp}` };
  const received: ReceivedEvent[] = [];
  const server = await startListener(received);

  try {
    let subscriptionId = "";
    await test.step("register a listener at the BMP's TMF622 hub", async () => {
      const response = await request.post(`${platform.bmp}${productOrdering}/hub`, {
        headers,
        data: { callback: `http://127.0.0.1:${listenerPort}/bmp-events`, query: "eventType=ProductOrderStateChangeEvent" },
      });
      expect(response.status(), "POST hub should register the listener").toBe(201);
      const subscription = (await response.json()) as { id: string; callback: string; query: string };
      expect(subscription.callback).toBe(`http://127.0.0.1:${listenerPort}/bmp-events`);
      subscriptionId = subscription.id;
    });

    let orderId = "";
    await test.step("place a product order", async () => {
      const offerings = await request.get(`${platform.bmp}/tmf-api/productCatalogManagement/v4/productOffering?lifecycleStatus=Launched&limit=1`, { headers });
      const [offering] = (await offerings.json()) as { id: string }[];
      expect(offering, "the launcher should have published a launched offering").toBeDefined();
      const response = await request.post(`${platform.bmp}${productOrdering}/productOrder`, {
        headers,
        data: { productOrderItem: [{ id: "1", action: "add", productOffering: { id: offering!.id } }] },
      });
      expect(response.status()).toBe(201);
      orderId = ((await response.json()) as { id: string }).id;
    });

    await test.step("receive the state changes up to completed", async () => {
      const statesOfOrder = () => received.filter((event) => event.body.event.productOrder.id === orderId).map((event) => event.body.event.productOrder.state);
      await expect
        .poll(statesOfOrder, { message: `order ${orderId} should complete well within the 60 s fallback poll`, timeout: completionTimeoutMs, intervals: [100] })
        .toContain("completed");
      expect(statesOfOrder(), "the listener should get the states in the order they happened").toEqual(["inProgress", "completed"]);
      const events = received.filter((event) => event.body.event.productOrder.id === orderId);
      expect(events.every((event) => event.path === "/bmp-events/listener/productOrderStateChangeEvent")).toBe(true);
      expect(events.every((event) => event.body.eventType === "ProductOrderStateChangeEvent")).toBe(true);
    });

    await test.step("read the completed order at the BMP", async () => {
      const response = await request.get(`${platform.bmp}${productOrdering}/productOrder/${orderId}`, { headers });
      expect(((await response.json()) as { state: string }).state).toBe("completed");
    });

    await test.step("unregister the listener", async () => {
      expect((await request.delete(`${platform.bmp}${productOrdering}/hub/${subscriptionId}`, { headers })).status()).toBe(204);
      expect((await request.get(`${platform.bmp}${productOrdering}/hub/${subscriptionId}`, { headers })).status()).toBe(404);
    });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

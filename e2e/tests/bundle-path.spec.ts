import { expect, test } from "@playwright/test";
import { account, credentials, platform } from "../platform";
import { signIn } from "../portals";

// A service designer composes a bundle over three domains in the ESO portal,
// orders it, and the ESO order completes once every domain's part has.
// Then a TMF641 client scales the bundle service and deletes it, and each DO
// terminates its part.

const orderingPath = "/tmf-api/serviceOrdering/v4/serviceOrder";

type EsoOrder = { id: string; state: string; serviceOrderItem: { id: string; state: string; service: { id?: string; href?: string }; serviceOrderItem?: { id: string; service: { id?: string; href?: string } }[] }[] };

test("designer orders a three-domain bundle to completion", async ({ page, request }) => {
  const esoToken = credentials().apiTokens.eso!;
  const esoHeaders = { Authorization: `Bearer ${esoToken}` };
  async function getEsoOrder(id: string): Promise<EsoOrder> {
    const response = await request.get(`${platform.eso}${orderingPath}/${id}`, { headers: esoHeaders });
    expect(response.status(), `GET order ${id} at the ESO`).toBe(200);
    return (await response.json()) as EsoOrder;
  }
  async function placeEsoOrder(item: object): Promise<string> {
    const response = await request.post(`${platform.eso}${orderingPath}`, { headers: esoHeaders, data: { serviceOrderItem: [item] } });
    expect(response.status(), `POST order at the ESO: ${await response.text()}`).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }

  const designer = account("serviceDesigner", "eso");
  const bundleName = `E2E bundle ${Date.now()}`;

  await test.step("sign in to the ESO and open the bundle designer", async () => {
    await signIn(page, platform.eso, designer, "/bundles");
    await expect(page.getByRole("heading", { level: 1, name: "Multi-domain bundles" })).toBeVisible();
    await page.getByRole("link", { name: "Compose a bundle" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Compose a bundle" })).toBeVisible();
  });

  await test.step("keep the input after a failed save", async () => {
    await page.getByLabel("Name").fill(bundleName);
    await page.getByLabel("Description").fill("Kept after an error");
    const firstPart = page.getByRole("table", { name: "Specifications that can be parts" }).getByRole("checkbox").first();
    await firstPart.check();
    await page.getByRole("button", { name: "Save bundle" }).click();

    await expect(page.getByRole("alert").filter({ hasText: "The bundle was not saved" }), "a bundle of one part should be rejected").toBeVisible();
    await expect(page.getByLabel("Name"), "the name should stay").toHaveValue(bundleName);
    await expect(page.getByLabel("Description"), "the description should stay").toHaveValue("Kept after an error");
    await expect(firstPart, "the chosen part should stay ticked").toBeChecked();
  });

  const domains: string[] = [];
  await test.step("choose one part from each of three domains and expose replicas", async () => {
    await page.getByLabel("Name").fill(bundleName);
    const rows = page.getByRole("table", { name: "Specifications that can be parts" }).getByRole("row").filter({ has: page.getByRole("checkbox") });
    const count = await rows.count();
    for (let index = 0; index < count && domains.length < 3; index += 1) {
      const row = rows.nth(index);
      const domain = (await row.getByRole("cell").nth(2).innerText()).trim();
      if (domains.includes(domain)) continue;
      domains.push(domain);
      await row.getByRole("checkbox").check();
    }
    expect(domains, "the designer should offer parts from at least three peered domains").toHaveLength(3);
    await page.getByRole("checkbox", { name: /^replicas \(3 of 3 parts\)$/ }).check();
    await page.getByRole("button", { name: "Save bundle" }).click();
    await expect(page, "saving should open the bundle's page").toHaveURL(/\/bundles\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    await expect(page.getByRole("heading", { level: 1, name: bundleName })).toBeVisible();
    const partRows = page.getByRole("table", { name: "Parts of the bundle" }).getByRole("row");
    for (const domain of domains) {
      await expect(partRows.filter({ has: page.getByRole("cell", { name: domain, exact: true }) }), `the bundle should have a part in ${domain}`).toHaveCount(1);
    }
  });

  await test.step("order the bundle with two replicas per part", async () => {
    await page.getByLabel("replicas").fill("2");
    await page.getByRole("button", { name: "Place order" }).click();
    await expect(page, "ordering should open the new order's page").toHaveURL(/\/orders\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  });

  await test.step("watch the order and every part complete", async () => {
    const orderState = page.getByRole("heading", { level: 2, name: "Order", exact: true }).locator("..").locator("[data-state]");
    await expect(orderState, "the ESO order should complete once every part has").toHaveAttribute("data-state", "completed", { timeout: 90_000 });
    const items = page.getByRole("table", { name: /Order items/ });
    for (const itemId of ["1", "1.1", "1.2", "1.3"]) {
      const row = items.getByRole("row").filter({ has: page.getByRole("cell", { name: itemId, exact: true }) });
      await expect(row.locator("[data-state]"), `item ${itemId} should be completed`).toHaveAttribute("data-state", "completed");
    }
    for (const domain of domains) {
      await expect(items.getByRole("row").filter({ has: page.getByRole("cell", { name: domain, exact: true }) }), `one part should run in ${domain}`).toHaveCount(1);
    }
    await expect(items).toContainText("replicas=2");
  });

  const addOrderId = new URL(page.url()).pathname.split("/").pop()!;
  let bundleServiceId = "";
  await test.step("scale the bundle service through TMF641", async () => {
    const added = await getEsoOrder(addOrderId);
    bundleServiceId = added.serviceOrderItem[0]!.service.id!;
    expect(bundleServiceId, "a completed bundle item names its bundle service").toBeTruthy();
    const modifyId = await placeEsoOrder({ id: "1", action: "modify", service: { id: bundleServiceId, serviceCharacteristic: [{ name: "replicas", value: 3 }] } });
    await expect.poll(async () => (await getEsoOrder(modifyId)).state, { message: `modify order ${modifyId} should complete`, timeout: 60_000 }).toBe("completed");
  });

  await test.step("delete the bundle service and find each part terminated at its DO", async () => {
    const deleteId = await placeEsoOrder({ id: "1", action: "delete", service: { id: bundleServiceId } });
    await expect.poll(async () => (await getEsoOrder(deleteId)).state, { message: `delete order ${deleteId} should complete`, timeout: 60_000 }).toBe("completed");
    const parts = (await getEsoOrder(addOrderId)).serviceOrderItem[0]!.serviceOrderItem!;
    const doTokens = Object.entries(credentials().apiTokens).filter(([component]) => component.startsWith("do-"));
    for (const part of parts) {
      const href = part.service.href!;
      expect(new URL(href).hostname, "part services live at the local DOs").toBe("127.0.0.1");
      const states: string[] = [];
      for (const [, token] of doTokens) {
        const response = await request.get(href, { headers: { Authorization: `Bearer ${token}` } });
        if (response.status() === 200) states.push(((await response.json()) as { state: string }).state);
      }
      expect(states, `part ${part.id} (${href}) should be terminated at its DO`).toEqual(["terminated"]);
    }
  });
});

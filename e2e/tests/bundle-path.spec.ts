import { expect, test } from "@playwright/test";
import { account, platform } from "../platform";
import { signIn } from "../portals";

// A service designer composes a bundle over three domains in the ESO portal,
// orders it, and sees the ESO order complete once every domain's part has.

test("designer orders a three-domain bundle to completion", async ({ page }) => {
  const designer = account("serviceDesigner", "eso");
  const bundleName = `E2E bundle ${Date.now()}`;

  await test.step("sign in to the ESO and open the bundle designer", async () => {
    await signIn(page, platform.eso, designer, "/bundles");
    await expect(page.getByRole("heading", { level: 1, name: "Multi-domain bundles" })).toBeVisible();
    await page.getByRole("link", { name: "Compose a bundle" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Compose a bundle" })).toBeVisible();
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
});

import { expect, test } from "@playwright/test";
import { account, credentials, platform } from "../platform";
import { shortId, signIn, tmfList } from "../portals";
import { orderedService as specificationName } from "./scenario";
import { workflowCamera } from "./screenshots";

// Service ordering through the orchestrators. A service designer (a level 2
// user) finds a service of the Luleå domain in the ESO marketplace, then
// configures and places the order. The ESO delegates it to the Luleå DO, which
// deploys the service into its cluster, and the completed state travels back
// to the ESO. The Luleå domain owner then finds the delegated order and the
// running service in the DO portal.

const luleaUrl = platform.doUrl(0);

test("service designer orders a domain service", async ({ page, browser, request }) => {
  const camera = workflowCamera("service-ordering");
  const specifications = await tmfList<{ id: string; name: string; domain?: { name?: string } }>(
    request,
    `${platform.eso}/tmf-api/serviceCatalogManagement/v4/serviceSpecification?name=${encodeURIComponent(specificationName)}`,
    credentials().apiTokens.eso!,
  );
  const specificationId = specifications.find((candidate) => candidate.domain?.name === "Luleå Mining Domain")?.id;
  expect(specificationId, `the ESO should offer ${specificationName} of the Luleå domain`).toBeDefined();

  await test.step("the service designer finds the service in the ESO marketplace", async () => {
    await signIn(page, platform.eso, account("serviceDesigner", "eso"));
    await page.getByRole("link", { name: "Marketplace", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Marketplace" })).toBeVisible();
    // The domain added by the expansion demo offers the same services as Luleå, so the card is found by its id.
    const card = page.locator(`a[href="/marketplace/${specificationId}"]`).first();
    await expect(card, `the marketplace should offer ${specificationName} of the Luleå domain`).toBeVisible();
    await camera.capture(page, "marketplace", { focus: card });
    await card.click();
    await expect(page.getByRole("heading", { level: 1, name: specificationName })).toBeVisible();
  });

  await test.step("the service designer configures the order", async () => {
    await expect(page.getByRole("heading", { level: 2, name: "Order this service" })).toBeVisible();
    await expect(page.getByLabel("artifactVersion"), "the artifact version starts at the specification's default").toHaveValue("1.0.0");
    await page.getByLabel("trackedAssetCount").fill("350");
    await page.getByLabel("orderDuration").fill("90");
    await page.getByLabel("replicas").fill("2");
    await camera.capture(page, "order-form");
  });

  let esoOrderId = "";
  await test.step("the ESO accepts the order and delegates it to the Luleå DO", async () => {
    await page.getByRole("button", { name: "Place order" }).click();
    await expect(page, "placing the order should open its page").toHaveURL(/\/orders\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    esoOrderId = new URL(page.url()).pathname.split("/").pop()!;
    await expect(page.getByRole("heading", { level: 1, name: "Service order" })).toBeVisible();
    await camera.capture(page, "order-placed");
  });

  await test.step("the order completes once the DO has deployed the service", async () => {
    const orderState = page.getByRole("heading", { level: 2, name: "Order", exact: true }).locator("..").locator("[data-state]");
    await expect(orderState, `ESO order ${esoOrderId} should complete`).toHaveAttribute("data-state", "completed", { timeout: 90_000 });
    const items = page.getByRole("table", { name: /Order items/ });
    await expect(items).toContainText("trackedAssetCount=350");
    await expect(items.getByRole("row").filter({ hasText: specificationName }).locator("[data-state]")).toHaveAttribute("data-state", "completed");
    const delegations = page.getByRole("table", { name: "Orders delegated to the domains" });
    await expect(delegations.getByRole("row").filter({ hasText: "Lule" }).locator("[data-state]"), "the Luleå DO's order should be completed").toHaveAttribute("data-state", "completed");
    await camera.capture(page, "order-completed");
    await camera.capture(page, "order-delegation", { focus: delegations });
  });

  await test.step("the order is listed among the ESO's service orders", async () => {
    await page.getByRole("link", { name: "Service orders", exact: true }).click();
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: esoOrderId }) });
    await expect(row.locator("[data-state]"), "the orders list should show the order completed").toHaveAttribute("data-state", "completed");
    await camera.capture(page, "eso-orders", { focus: row });
  });

  const domainPortal = await browser.newPage();
  await test.step("the Luleå domain owner sees the delegated order in the DO portal", async () => {
    await signIn(domainPortal, luleaUrl, account("domainOwner", "do-lulea"));
    await domainPortal.getByRole("link", { name: "Service orders", exact: true }).click();
    await expect(domainPortal.getByRole("heading", { level: 1, name: "Service orders" })).toBeVisible();
    const row = domainPortal.getByRole("row").filter({ hasText: shortId(esoOrderId) });
    await expect(row, "the DO should list one order delegated for the ESO order").toHaveCount(1);
    await expect(row.locator("[data-state]")).toHaveAttribute("data-state", "completed");
    await camera.capture(domainPortal, "do-orders", { focus: row });
  });

  await test.step("the service runs in the Luleå domain's inventory", async () => {
    await domainPortal.getByRole("link", { name: "Services", exact: true }).click();
    await expect(domainPortal.getByRole("heading", { level: 1, name: "Services" })).toBeVisible();
    const row = domainPortal.getByRole("row").filter({ hasText: specificationName });
    await expect(row.locator("[data-state]").first(), "the ordered service should be active").toHaveAttribute("data-state", "active");
    await camera.capture(domainPortal, "do-services", { focus: row.first() });
  });
  await domainPortal.close();
});

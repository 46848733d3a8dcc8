import { expect, test } from "@playwright/test";
import { account, platform } from "../platform";
import { badgeStates, collapseRepeats, shortId, signIn } from "../portals";
import { offeringName } from "./scenario";
import { workflowCamera } from "./screenshots";

// Product ordering through the business portal: a customer browses the
// product marketplace, compares two products, configures and orders the
// offering that the product-design demo published. The BMP validates the
// order, translates it into an ESO service order and follows it to
// completion; the product then appears in the customer's inventory.

test("customer orders a product", async ({ page }) => {
  test.setTimeout(180_000);
  const camera = workflowCamera("product-ordering");

  await test.step("the customer signs in and browses the product marketplace", async () => {
    await signIn(page, platform.bmp, account("customer", "bmp"));
    await expect(page, "a customer should land on the marketplace after signing in").toHaveURL(/\/marketplace$/);
    await expect(page.getByRole("heading", { level: 1, name: "Marketplace" })).toBeVisible();
    await camera.capture(page, "marketplace");
  });

  await test.step("the customer narrows the marketplace with filters", async () => {
    const filters = page.getByRole("search", { name: "Filters" });
    const luleaOption = await filters.getByLabel("Location").locator("option", { hasText: "Lule" }).first().textContent();
    await filters.getByLabel("Location").selectOption({ label: luleaOption!.trim() });
    await filters.getByLabel("Max. monthly fee (EUR)").fill("100");
    await filters.getByRole("button", { name: "Apply filters" }).click();
    await expect(page.getByRole("heading", { level: 4, name: offeringName }), "the offering should match the filters").toBeVisible();
    await camera.capture(page, "filtered");
  });

  await test.step("the customer compares it with another product", async () => {
    await page.getByRole("checkbox", { name: `Compare ${offeringName}` }).check();
    // The launcher publishes an offering per service of the library, named after the service; this one passes the filters too.
    await page.getByRole("checkbox", { name: "Compare EvoMining Asset Tracking", exact: true }).first().check();
    await page.getByRole("button", { name: "Compare selected" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Compare products" })).toBeVisible();
    const table = page.getByRole("table", { name: "Comparison of the chosen products" });
    await expect(table.getByRole("columnheader"), "the comparison should show two products").toHaveCount(3);
    await expect(table.getByRole("row", { name: /SLA terms/ })).toContainText("Availability 99.5 % per month");
    await camera.capture(page, "compared");
    await table.getByRole("link", { name: `Configure and order ${offeringName}` }).click();
  });

  await test.step("the BMP rejects an invalid configuration on its field", async () => {
    await expect(page.getByRole("heading", { level: 1, name: offeringName })).toBeVisible();
    await page.getByLabel(/^Replicas\*?$/).fill("11");
    await page.getByRole("button", { name: "Order", exact: true }).click();
    await expect(page.getByText("Must be at most 10"), "the replicas field should explain the range").toBeVisible();
    await expect(page, "nothing is ordered while a value is invalid").toHaveURL(/\/marketplace\//);
    await camera.capture(page, "invalid-value", { focus: page.getByText("Must be at most 10") });
  });

  let orderId = "";
  await test.step("the customer orders the corrected configuration", async () => {
    await page.getByLabel(/^Replicas\*?$/).fill("2");
    await camera.capture(page, "configured", { focus: page.getByRole("button", { name: "Order", exact: true }) });
    await page.getByRole("button", { name: "Order", exact: true }).click();
    await expect(page, "ordering should open the new order's page").toHaveURL(/\/orders\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    orderId = new URL(page.url()).pathname.split("/").pop()!;
    await expect(page.getByRole("heading", { level: 1, name: `Order ${shortId(orderId)}` })).toBeVisible();
    await camera.capture(page, "order-placed");
  });

  await test.step("the BMP follows the ESO service order to completion", async () => {
    await expect(page.getByText("This order is final."), `order ${orderId} should become final within 60 s`).toBeVisible({ timeout: 60_000 });
    await expect(page.getByText("This order is final.").locator("..").locator("[data-state]"), `order ${orderId} should end completed`).toHaveAttribute("data-state", "completed");
    const history = page.getByRole("list").filter({ has: page.locator("time") });
    await expect
      .poll(async () => collapseRepeats(await badgeStates(history)), { message: `the timeline of order ${orderId} should show the states it went through` })
      .toEqual(["acknowledged", "inProgress", "completed"]);
    await camera.capture(page, "order-completed");
  });

  await test.step("the order is under My orders", async () => {
    await page.getByRole("link", { name: "My orders", exact: true }).click();
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: shortId(orderId), exact: true }) });
    await expect(row.locator("[data-state]"), "My orders should show the order as completed").toHaveAttribute("data-state", "completed");
    await camera.capture(page, "my-orders", { focus: row });
  });

  await test.step("the product is active in the customer's inventory", async () => {
    await page.getByRole("link", { name: "My products", exact: true }).click();
    const row = page.getByRole("row").filter({ hasText: offeringName });
    await expect(row, "the completed order should have created one product").toHaveCount(1);
    await camera.capture(page, "my-products", { focus: row });
    await row.getByRole("link", { name: offeringName }).click();
    await expect(page.getByText("Product active"), "the timeline should end with the product's activation").toBeVisible();
    await camera.capture(page, "product-timeline");
  });
});

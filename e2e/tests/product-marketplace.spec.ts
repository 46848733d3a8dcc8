import { expect, test } from "@playwright/test";
import { account, platform } from "../platform";
import { runSuffix, signIn } from "../portals";

// A business admin launches a new offering with prices and SLA terms. A
// customer finds it by filtering the marketplace, compares it with another
// product, orders it with an invalid value first, corrects the value, and
// sees the order complete and the product in their inventory.

test("customer filters, compares and orders", async ({ browser }) => {
  // Two portals, two sign-ins and a deployment take longer than the default two minutes on a loaded machine.
  test.setTimeout(300_000);
  const offeringName = `Seismic watch ${runSuffix()}`;
  const admin = await browser.newPage();

  await test.step("business admin creates and launches the offering", async () => {
    await signIn(admin, platform.bmp, account("businessAdmin", "bmp"), "/admin/offerings/new");
    await admin.getByLabel("ESO service").selectOption({ label: "BEMIS Multi-sensing Seismic Processing" });
    await admin.getByRole("textbox", { name: "Name", exact: true }).fill(offeringName);
    await admin.getByLabel("Monthly fee (EUR, recurring)").fill("95");
    await admin.getByLabel("Usage price (EUR per unit)").fill("0.02");
    await admin.getByLabel("Usage unit").fill("GB");
    await admin.getByLabel("SLA terms").fill("Availability 99.5 % per month");
    await admin.getByRole("button", { name: "Create offering" }).click();
    await expect(admin.getByText(`${offeringName} is created in design`), "the list should confirm the new offering").toBeVisible();

    const row = admin.getByRole("row").filter({ hasText: offeringName });
    await row.getByRole("button", { name: `Publish ${offeringName}` }).click();
    await expect(row.locator("[data-state]"), "a published offering should be launched").toHaveAttribute("data-state", /launched/i);
  });

  const customer = await browser.newPage();
  await signIn(customer, platform.bmp, account("customer", "bmp"));

  await test.step("customer finds it by location and monthly fee", async () => {
    await customer.goto(`${platform.bmp}/marketplace`);
    const filters = customer.getByRole("search", { name: "Filters" });
    const luleaOption = await filters.getByLabel("Location").locator("option", { hasText: "Lule" }).first().textContent();
    await filters.getByLabel("Location").selectOption({ label: luleaOption!.trim() });
    await filters.getByLabel("Max. monthly fee (EUR)").fill("100");
    await filters.getByRole("button", { name: "Apply filters" }).click();

    await expect(customer.getByRole("heading", { level: 4, name: offeringName }), "the new offering should match the filters").toBeVisible();
    await filters.getByLabel("Max. monthly fee (EUR)").fill("90");
    await filters.getByRole("button", { name: "Apply filters" }).click();
    await expect(customer.getByRole("heading", { level: 4, name: offeringName }), "a monthly fee of 95 must not pass a maximum of 90").toHaveCount(0);
  });

  await test.step("customer sees an invalid fee filter reported", async () => {
    await customer.goto(`${platform.bmp}/marketplace?maxMonthly=-5`);
    const filters = customer.getByRole("search", { name: "Filters" });
    await expect(filters.getByText('must be a number of 0 or more, got "-5"'), "the fee field should report the invalid value").toBeVisible();
    await expect(customer.getByRole("heading", { level: 4, name: offeringName }), "the invalid filter should not hide offerings").toBeVisible();
  });

  await test.step("customer compares it with another product", async () => {
    await customer.goto(`${platform.bmp}/marketplace`);
    await customer.getByRole("checkbox", { name: `Compare ${offeringName}` }).check();
    // The launcher publishes an offering per service of the library, named after the service.
    await customer.getByRole("checkbox", { name: /^Compare BEMIS/ }).first().check();
    await customer.getByRole("button", { name: "Compare selected" }).click();

    await expect(customer.getByRole("heading", { level: 1, name: "Compare products" })).toBeVisible();
    const table = customer.getByRole("table", { name: "Comparison of the chosen products" });
    await expect(table.getByRole("columnheader", { name: offeringName }), "the comparison should have a column for the new offering").toBeVisible();
    await expect(table.getByRole("columnheader"), "the comparison should show two products").toHaveCount(3);
    await expect(table.getByRole("row", { name: /SLA terms/ }), "the comparison should show the SLA term").toContainText("Availability 99.5 % per month");
    await table.getByRole("link", { name: `Configure and order ${offeringName}` }).click();
  });

  await test.step("an invalid value is reported on its field", async () => {
    await expect(customer.getByRole("heading", { level: 1, name: offeringName })).toBeVisible();
    await customer.getByLabel(/^Replicas\*?$/).fill("11");
    await customer.getByRole("button", { name: "Order", exact: true }).click();

    await expect(customer.getByText("Must be at most 10"), "the replicas field should explain the range").toBeVisible();
    await expect(customer.getByLabel(/^Replicas\*?$/), "the field keeps the rejected value").toHaveValue("11");
    await expect(customer, "nothing is ordered while a value is invalid").toHaveURL(/\/marketplace\//);
  });

  let orderId = "";
  await test.step("the corrected order completes", async () => {
    await customer.getByLabel(/^Replicas\*?$/).fill("2");
    await customer.getByRole("button", { name: "Order", exact: true }).click();
    await expect(customer, "ordering should open the new order's page").toHaveURL(/\/orders\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    orderId = new URL(customer.url()).pathname.split("/").pop()!;
    await expect(customer.getByText("This order is final."), `order ${orderId} should become final within 60 s`).toBeVisible({ timeout: 60_000 });
    const stateLine = customer.getByText("This order is final.").locator("..");
    await expect(stateLine.locator("[data-state]"), `order ${orderId} should end completed`).toHaveAttribute("data-state", "completed");
  });

  await test.step("the product is in the customer's inventory", async () => {
    await customer.getByRole("link", { name: "My products", exact: true }).click();
    const row = customer.getByRole("row").filter({ hasText: offeringName });
    await expect(row, "the completed order should have created a product").toHaveCount(1);
    await row.getByRole("link", { name: offeringName }).click();
    await expect(customer.getByRole("heading", { level: 2, name: "Timeline" })).toBeVisible();
    await expect(customer.getByText("Product active"), "the timeline should end with the product's activation").toBeVisible();
  });
});

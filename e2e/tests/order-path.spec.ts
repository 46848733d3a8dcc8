import { expect, test } from "@playwright/test";
import { account, platform } from "../platform";
import { badgeStates, collapseRepeats, shortId, signIn } from "../portals";

// A customer orders a product in the BMP with its default configuration and
// follows it to `completed`: BMP product order → ESO service order → DO
// service order → simulated cluster, with the states travelling back.

test("customer order reaches completed", async ({ page }) => {
  const customer = account("customer", "bmp");

  await test.step("sign in to the BMP through the sign-in form", async () => {
    await signIn(page, platform.bmp, customer);
    await expect(page, "a customer should land on the marketplace after signing in").toHaveURL(/\/marketplace$/);
  });

  let offeringName = "";
  await test.step("open a launched offering from the marketplace", async () => {
    await expect(page.getByRole("heading", { level: 1, name: "Marketplace" })).toBeVisible();
    const offeringTitles = page.getByRole("heading", { level: 4 });
    await expect(offeringTitles.first(), "the marketplace should list the offerings the launcher published").toBeVisible();
    offeringName = (await offeringTitles.first().innerText()).trim();
    expect(offeringName, "the first offering card should have a name").not.toBe("");

    await offeringTitles.first().getByRole("link").click();
    await expect(page.getByRole("heading", { level: 1, name: offeringName })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Configure and order" })).toBeVisible();
  });

  let orderId = "";
  await test.step("order it with the default configuration", async () => {
    await page.getByRole("button", { name: "Order", exact: true }).click();
    await expect(page, "ordering should open the new order's page").toHaveURL(/\/orders\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    orderId = new URL(page.url()).pathname.split("/").pop()!;
    await expect(page.getByRole("heading", { level: 1, name: `Order ${shortId(orderId)}` })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: offeringName })).toBeVisible();
  });

  await test.step("watch the order reach completed", async () => {
    await expect(page.getByText("This order is final."), `order ${orderId} should become final within 60 s`).toBeVisible({ timeout: 60_000 });
    const stateLine = page.getByText("This order is final.").locator("..");
    await expect(stateLine.locator("[data-state]"), `order ${orderId} should end completed`).toHaveAttribute("data-state", "completed");
    await expect(page.getByRole("alert").filter({ hasText: "failed" }), "a completed order shows no failure").toHaveCount(0);
  });

  await test.step("see the states it went through in the history", async () => {
    const history = page.getByRole("list").filter({ has: page.locator("time") });
    await expect(history, "the History card should show a timeline").toHaveCount(1);
    await expect
      .poll(async () => collapseRepeats(await badgeStates(history)), { message: `the timeline of order ${orderId} should show the states it went through` })
      .toEqual(["acknowledged", "inProgress", "completed"]);
  });

  await test.step("find the order under My orders", async () => {
    await page.getByRole("link", { name: "My orders", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "My orders" })).toBeVisible();
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: shortId(orderId), exact: true }) });
    await expect(row, `My orders should list order ${orderId} once`).toHaveCount(1);
    await expect(row).toContainText(offeringName);
    await expect(row.locator("[data-state]"), "My orders should show the order as completed").toHaveAttribute("data-state", "completed");
  });
});

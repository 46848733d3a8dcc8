import { expect, test } from "@playwright/test";
import { account, platform } from "../platform";
import { runSuffix, signIn } from "../portals";

// A business admin creates a product offering over a service of the ESO
// marketplace and publishes it; customers see it only once it is launched.

test("business admin publishes an offering", async ({ browser }) => {
  const admin = await browser.newPage();
  const offeringName = `Seismic trial ${runSuffix()}`;

  await test.step("create the offering over an ESO service", async () => {
    await signIn(admin, platform.bmp, account("businessAdmin", "bmp"), "/admin/offerings");
    await expect(admin.getByRole("heading", { level: 1, name: "Product offerings" })).toBeVisible();
    await admin.getByRole("link", { name: "New offering" }).first().click();

    await admin.getByLabel("ESO service").selectOption({ label: "BEMIS Multi-sensing Seismic Processing" });
    await admin.getByRole("textbox", { name: "Name", exact: true }).fill(offeringName);
    await admin.getByLabel("Set-up fee (EUR, one-off)").fill("250");
    await admin.getByLabel("Monthly fee (EUR, recurring)").fill("90");
    await admin.getByRole("button", { name: "Create offering" }).click();

    await expect(admin, "creating an offering should return to the offerings list").toHaveURL(/\/admin\/offerings(\?|$)/);
    await expect(admin.getByText(`${offeringName} is created in design`), "the list should confirm the new offering").toBeVisible();
  });

  const row = admin.getByRole("row").filter({ hasText: offeringName });
  const customer = await browser.newPage();
  await signIn(customer, platform.bmp, account("customer", "bmp"));
  const search = async () => {
    await customer.goto(`${platform.bmp}/marketplace?q=${encodeURIComponent(offeringName)}`);
    return customer.getByRole("heading", { level: 4, name: offeringName });
  };

  await test.step("customers do not see it while it is in design", async () => {
    await expect(row.locator("[data-state]"), "a new offering should be in design").toHaveAttribute("data-state", /in design/i);
    await expect(await search(), "an offering in design must not be in the marketplace").toHaveCount(0);
  });

  await test.step("publish it and find it in the marketplace", async () => {
    await row.getByRole("button", { name: `Publish ${offeringName}` }).click();
    await expect(row.locator("[data-state]"), "a published offering should be launched").toHaveAttribute("data-state", /launched/i);
    await expect(await search(), "a launched offering should be in the marketplace").toHaveCount(1);
  });

  await test.step("retire it after confirming", async () => {
    admin.once("dialog", (dialog) => void dialog.accept());
    await row.getByRole("button", { name: `Retire ${offeringName}` }).click();
    await expect(row.locator("[data-state]"), "a retired offering should show as retired").toHaveAttribute("data-state", /retired/i);
    await expect(await search(), "a retired offering must leave the marketplace").toHaveCount(0);
  });
});

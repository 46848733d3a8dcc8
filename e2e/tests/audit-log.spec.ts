import { expect, test } from "@playwright/test";
import { account, platform } from "../platform";
import { signIn } from "../portals";

// Each portal shows its audit log to the role that administers it. The
// launcher's seeding (peers at the ESO, offerings at the BMP) goes through
// the APIs with an API token, so both logs hold entries from the start.

const portals = [
  { name: "ESO", url: platform.eso, role: "platformAdmin", account: "eso", resourceType: "Peer", actor: "API client" },
  { name: "BMP", url: platform.bmp, role: "businessAdmin", account: "bmp", resourceType: "ProductOffering", actor: "API client" },
];

for (const portal of portals) {
  test(`${portal.name} audit log lists and filters`, async ({ page }) => {
    await signIn(page, portal.url, account(portal.role, portal.account));
    await page.goto(`${portal.url}/audit`);
    await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
    await expect(page.getByTestId("audit-entry").first(), `the ${portal.name} audit log should list the seeding's changes`).toBeVisible();

    await page.getByLabel("Resource type").fill(portal.resourceType);
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(new RegExp(`resourceType=${portal.resourceType}`));
    const rows = page.getByTestId("audit-entry");
    await expect(rows.first()).toBeVisible();
    const types = await rows.locator("td:nth-child(4) span:first-child").allTextContents();
    expect(new Set(types), `every entry should be a ${portal.resourceType} after filtering`).toEqual(new Set([portal.resourceType]));
    await expect(rows.first().locator("td:nth-child(2)")).toContainText(portal.actor);

    await page.goto(`${portal.url}/audit?since=yesterday`);
    await expect(page.getByRole("alert").filter({ hasText: "Invalid filter" })).toBeVisible();
    await expect(page.getByTestId("audit-entry")).toHaveCount(0);
  });
}

test("customer is denied the BMP audit log", async ({ page }) => {
  await signIn(page, platform.bmp, account("customer", "bmp"));
  await page.goto(`${platform.bmp}/audit`);
  await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Faudit&denied=1/);
});

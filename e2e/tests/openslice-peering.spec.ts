import { expect, test } from "@playwright/test";
import { startOpenSliceEmulator, type OpenSliceEmulator } from "../../apps/eso-portal/src/server/testing/openslice-emulator";
import { account, platform } from "../platform";
import { runSuffix, signIn } from "../portals";

// A platform admin peers the ESO with an OpenSlice stand-in through the
// "Add OSS" form with an OAuth2 login. The peer's page then shows the dialect
// and the counts of an availability check.

// The emulator takes a port of the end-to-end range, 50 above the BMP's, so that it stays within the ports of this run.
const openSlicePort = Number(new URL(platform.bmp).port) + 50;
let openSlice: OpenSliceEmulator;

test.beforeAll(async () => {
  openSlice = await startOpenSliceEmulator({ port: openSlicePort, domainId: "central-macedonia" });
});

test.afterAll(async () => {
  await openSlice?.close();
});

test("admin peers OpenSlice with OAuth2", async ({ page }) => {
  const peerName = `Thessaloniki OpenSlice ${runSuffix()}`;

  await test.step("fill in Add OSS with OAuth2 credentials", async () => {
    await signIn(page, platform.eso, account("platformAdmin", "eso"), "/oss/new");
    await expect(page.getByRole("heading", { level: 1, name: "Add OSS" })).toBeVisible();
    await page.getByRole("textbox", { name: "Name", exact: true }).fill(peerName);
    await page.getByRole("textbox", { name: "Endpoint" }).fill(openSlice.url);
    await page.getByRole("combobox", { name: "API dialect" }).selectOption({ label: "OpenSlice" });
    // The OAuth2 fields appear once React has hydrated the select, so retry the choice until they do.
    await expect(async () => {
      await page.getByRole("combobox", { name: "Authentication" }).selectOption({ label: "OAuth2 password grant (OpenSlice)" });
      await expect(page.getByRole("textbox", { name: "Token URL" })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(page.getByRole("textbox", { name: "API token" }), "the token field gives way to the OAuth2 fields").toHaveCount(0);
    await page.getByRole("textbox", { name: "Token URL" }).fill(openSlice.tokenUrl);
    await expect(page.getByRole("textbox", { name: "Client id" })).toHaveValue(openSlice.clientId);
    await page.getByRole("textbox", { name: "User name" }).fill(openSlice.username);
    await page.getByRole("textbox", { name: "Password", exact: true }).fill(openSlice.password);
    await page.getByRole("textbox", { name: "Place" }).fill("Thessaloniki");
    await page.getByRole("textbox", { name: "Latitude" }).fill("40.64");
    await page.getByRole("textbox", { name: "Longitude" }).fill("22.94");
    await page.getByRole("textbox", { name: "New organization name" }).fill(`${peerName} operator`);
    await page.getByRole("button", { name: "Add OSS" }).click();

    await expect(page.getByRole("alert").filter({ hasText: "The DO was not added" }), "the ESO should accept the OpenSlice peer").toHaveCount(0);
    await expect(page, "adding the peer should open its page").toHaveURL(/\/oss\/[^/]+$/, { timeout: 30_000 });
    await expect(page.getByRole("heading", { level: 1, name: peerName })).toBeVisible();
  });

  await test.step("see the dialect, the login and the specifications", async () => {
    await expect(page.getByText("OpenSlice", { exact: true })).toBeVisible();
    await expect(page.getByText(`OAuth2 password grant as ${openSlice.username}`)).toBeVisible();
    expect(openSlice.tokensIssued, "the ESO should have logged in at the token endpoint").toBeGreaterThan(0);
    const table = page.getByRole("table", { name: "Service specifications of the DO" });
    for (const specification of openSlice.specifications.values()) {
      await expect(table.getByRole("checkbox", { name: `Import ${specification.name}`, exact: true })).toBeVisible();
    }
  });

  await test.step("run a check and see its counts", async () => {
    await page.getByRole("button", { name: "Check now" }).click();
    await expect(page.getByText("0 unchanged, 0 updated, 0 removed, 0 restored")).toBeVisible();
  });
});

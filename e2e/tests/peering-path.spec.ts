import { expect, test } from "@playwright/test";
import { account, credentials, platform } from "../platform";
import { chooseNewCatalogAndCategory, runSuffix, signIn, tmfList } from "../portals";

// A platform admin peers the ESO with the DO that the launcher left unpeered,
// imports some of its specifications into a new catalogue and category, and
// finds them in the marketplace and the DO on the map.

const douroValley = { place: "Douro valley", latitude: "41.16", longitude: "-7.79" };

test("admin peers DO and imports specifications", async ({ page, request }) => {
  const suffix = runSuffix();
  const peerName = `Douro Vineyards DO ${suffix}`;
  const catalogName = `Douro vineyards catalogue ${suffix}`;
  const categoryName = `Vineyard monitoring ${suffix}`;
  const endpoint = platform.doUrl(4);
  const doToken = credentials().apiTokens[`do-${platform.unpeeredDomain}`];
  expect(doToken, `credentials.json should contain an API token for do-${platform.unpeeredDomain}`).toBeTruthy();

  const offered = await tmfList<{ id: string; name: string }>(request, `${endpoint}/tmf-api/serviceCatalogManagement/v4/serviceSpecification?limit=200`, doToken!);
  expect(offered.length, `the ${platform.unpeeredDomain} DO should offer service specifications`).toBeGreaterThan(1);

  await test.step("sign in to the ESO and open Platform OSS", async () => {
    await signIn(page, platform.eso, account("platformAdmin", "eso"));
    await page.getByRole("link", { name: "Platform OSS", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Platform OSS" })).toBeVisible();
    await expect(page.getByRole("cell").filter({ hasText: endpoint }), `the DO at ${endpoint} should not be peered before the test`).toHaveCount(0);
  });

  await test.step("add the unpeered DO", async () => {
    await page.getByRole("link", { name: "Add OSS" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "Add OSS" })).toBeVisible();
    await page.getByRole("textbox", { name: "Name", exact: true }).fill(peerName);
    await page.getByRole("textbox", { name: "Endpoint" }).fill(endpoint);
    await page.getByRole("textbox", { name: "API token" }).fill(doToken!);
    await page.getByRole("textbox", { name: "Place" }).fill(douroValley.place);
    await page.getByRole("textbox", { name: "Latitude" }).fill(douroValley.latitude);
    await page.getByRole("textbox", { name: "Longitude" }).fill(douroValley.longitude);
    await expect(page.getByRole("combobox", { name: "Organization", exact: true }), "a new organization is the default choice").toHaveValue("");
    await page.getByRole("textbox", { name: "New organization name" }).fill(`Douro Vineyards operator ${suffix}`);
    await page.getByRole("button", { name: "Add OSS" }).click();

    await expect(page.getByRole("alert").filter({ hasText: "The DO was not added" }), "the ESO should accept the DO").toHaveCount(0);
    await expect(page, "adding the DO should open its page").toHaveURL(/\/oss\/[^/]+$/, { timeout: 30_000 });
    await expect(page.getByRole("heading", { level: 1, name: peerName })).toBeVisible();
  });

  const selected = offered.slice(0, 2).map((specification) => specification.name);
  await test.step("see the DO's specifications and select some of them", async () => {
    const table = page.getByRole("table", { name: "Service specifications of the DO" });
    await expect(table).toBeVisible();
    for (const specification of offered) {
      await expect(table.getByRole("checkbox", { name: `Import ${specification.name}`, exact: true }), `${specification.name} should be listed`).toBeVisible();
    }

    // Every specification not yet in the marketplace starts checked, so uncheck all but the chosen ones.
    for (const specification of offered) {
      const checkbox = table.getByRole("checkbox", { name: `Import ${specification.name}`, exact: true });
      await checkbox.setChecked(selected.includes(specification.name));
    }
    await expect(table.getByRole("checkbox", { checked: true }), "exactly the chosen specifications should be checked").toHaveCount(selected.length);
  });

  await test.step("import them into a new catalogue and category", async () => {
    await chooseNewCatalogAndCategory(page, catalogName, categoryName);

    await page.getByRole("button", { name: "Import checked specifications" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Nothing was imported" }), "the import should succeed").toHaveCount(0);
    await expect(page.getByRole("status").filter({ hasText: `Imported ${selected.length} specification(s) into ${catalogName} › ${categoryName}` })).toBeVisible({
      timeout: 30_000,
    });
  });

  await test.step("find them in the marketplace under the new category", async () => {
    await page.getByRole("link", { name: "Marketplace", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Marketplace" })).toBeVisible();
    const catalog = page.getByRole("region", { name: catalogName, exact: true });
    await expect(catalog, `the marketplace should show the catalogue ${catalogName}`).toBeVisible();
    await expect(catalog.getByRole("heading", { level: 3 }), `${catalogName} should contain only the new category`).toHaveText([`${categoryName} (${selected.length})`]);
    const cards = catalog.getByRole("heading", { level: 4 });
    await expect
      .poll(async () => (await cards.allInnerTexts()).map((name) => name.trim()).sort(), { message: `${categoryName} should contain exactly the imported specifications` })
      .toEqual([...selected].sort());
    await expect(catalog.getByText(`${peerName}, ${douroValley.place}`).first(), "each card should name the DO and its place").toBeVisible();
  });

  await test.step("see the new DO on the map", async () => {
    await page.getByRole("link", { name: "Map", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Platform map" })).toBeVisible();
    await expect(page.getByTestId("platform-map")).toBeVisible();
    const point = page.getByTestId("map-point").and(page.locator(`[data-name="${peerName}"]`));
    await expect(point, `the map should show ${peerName} among its points`).toHaveCount(1);
    await expect(point, "the point should count the imported specifications").toContainText(`${selected.length} specification(s) in the marketplace`);
    await expect(page.getByText("Loading map…"), "the offline map should finish loading").toHaveCount(0);
    await expect(page.getByText("The map could not be loaded"), "the offline map should load without errors").toHaveCount(0);
    // Other tests of the run may have peered more OSSs (an OpenSlice stand-in), so the map is compared with the ESO's list of peers.
    const peers = await request.get(`${platform.eso}/api/peers`, { headers: { Authorization: `Bearer ${credentials().apiTokens.eso}` } });
    expect(peers.status()).toBe(200);
    const peerNames = ((await peers.json()) as { name: string }[]).map((peer) => peer.name);
    expect(peerNames.length, "the ESO should list the DOs peered at start-up and the new one").toBeGreaterThanOrEqual(5);
    await expect(page.getByTestId("map-point"), "the map should show every peer the ESO lists").toHaveCount(peerNames.length);
  });
});

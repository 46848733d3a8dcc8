import { expect, test } from "@playwright/test";
import { account, credentials, platform } from "../platform";
import { chooseNewCatalogAndCategory, signIn, tmfList } from "../portals";
import { workflowCamera } from "./screenshots";

// Federation of the domain marketplaces. The platform admin adds a Domain
// Orchestrator as an OSS of the ESO, picks some of its service specifications
// and imports them into a new catalogue and category of the ESO marketplace.
// The DO then appears on the platform map. The launcher leaves the
// portugal-spain DO unpeered for this.

const peerName = "Douro Vineyards DO";
const catalogName = "Douro vineyards";
const categoryName = "Vineyard monitoring";

test("platform admin federates a domain marketplace", async ({ page, request }) => {
  const camera = workflowCamera("federation");
  const endpoint = platform.doUrl(4);
  const doToken = credentials().apiTokens[`do-${platform.unpeeredDomain}`];
  expect(doToken, `credentials.json should contain an API token for do-${platform.unpeeredDomain}`).toBeTruthy();
  const offered = await tmfList<{ id: string; name: string }>(request, `${endpoint}/tmf-api/serviceCatalogManagement/v4/serviceSpecification?limit=200`, doToken!);
  expect(offered.length, `the ${platform.unpeeredDomain} DO should offer service specifications`).toBeGreaterThan(1);
  const selected = offered.slice(0, 2).map((specification) => specification.name);

  await test.step("the platform admin opens the platform view and clicks Add OSS", async () => {
    await signIn(page, platform.eso, account("platformAdmin", "eso"));
    await page.getByRole("link", { name: "Platform OSS", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Platform OSS" })).toBeVisible();
    await expect(page.getByRole("cell").filter({ hasText: endpoint }), `the DO at ${endpoint} should not be peered yet`).toHaveCount(0);
    await camera.capture(page, "platform-oss");
    await page.getByRole("link", { name: "Add OSS" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "Add OSS" })).toBeVisible();
  });

  await test.step("the platform admin enters the DO's endpoint, credentials and location", async () => {
    await page.getByRole("textbox", { name: "Name", exact: true }).fill(peerName);
    await page.getByRole("textbox", { name: "Endpoint" }).fill(endpoint);
    await page.getByRole("textbox", { name: "API token" }).fill(doToken!);
    await page.getByRole("textbox", { name: "Place" }).fill("Douro valley");
    await page.getByRole("textbox", { name: "Latitude" }).fill("41.16");
    await page.getByRole("textbox", { name: "Longitude" }).fill("-7.79");
    await page.getByRole("textbox", { name: "New organization name" }).fill("Douro Vineyards operator");
    await camera.capture(page, "add-oss-form", { mask: [page.getByRole("textbox", { name: "API token" })] });
    await page.getByRole("button", { name: "Add OSS" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "The DO was not added" }), "the ESO should accept the DO").toHaveCount(0);
    await expect(page, "adding the DO should open its page").toHaveURL(/\/oss\/[^/]+$/, { timeout: 30_000 });
    await expect(page.getByRole("heading", { level: 1, name: peerName })).toBeVisible();
  });

  const table = page.getByRole("table", { name: "Service specifications of the DO" });
  await test.step("the ESO lists the DO's specifications and the admin picks some", async () => {
    await expect(table).toBeVisible();
    for (const specification of offered) {
      await expect(table.getByRole("checkbox", { name: `Import ${specification.name}`, exact: true }), `${specification.name} should be listed`).toBeVisible();
    }
    await camera.capture(page, "do-specifications", { focus: table });
    // Every specification not yet in the marketplace starts checked, so the admin unchecks all but the chosen ones.
    for (const specification of offered) {
      await table.getByRole("checkbox", { name: `Import ${specification.name}`, exact: true }).setChecked(selected.includes(specification.name));
    }
    await expect(table.getByRole("checkbox", { checked: true }), "exactly the chosen specifications should be checked").toHaveCount(selected.length);
  });

  await test.step("the admin imports them into a new catalogue and category", async () => {
    await chooseNewCatalogAndCategory(page, catalogName, categoryName);
    const importButton = page.getByRole("button", { name: "Import checked specifications" });
    await camera.capture(page, "import-choices", { focus: importButton });
    await importButton.click();
    const status = page.getByRole("status").filter({ hasText: `Imported ${selected.length} specification(s) into ${catalogName} › ${categoryName}` });
    await expect(status).toBeVisible({ timeout: 30_000 });
    await camera.capture(page, "imported", { focus: status });
  });

  await test.step("the marketplace shows the imported specifications", async () => {
    await page.getByRole("link", { name: "Marketplace", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Marketplace" })).toBeVisible();
    const catalog = page.getByRole("region", { name: catalogName, exact: true });
    await expect(catalog.getByRole("heading", { level: 3 }), `${catalogName} should contain only the new category`).toHaveText([`${categoryName} (${selected.length})`]);
    await expect
      .poll(async () => (await catalog.getByRole("heading", { level: 4 }).allInnerTexts()).map((name) => name.trim()).sort(), {
        message: `${categoryName} should contain exactly the imported specifications`,
      })
      .toEqual([...selected].sort());
    await camera.capture(page, "marketplace", { focus: catalog });
  });

  await test.step("the platform map shows the new DO", async () => {
    await page.getByRole("link", { name: "Map", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Platform map" })).toBeVisible();
    const point = page.getByTestId("map-point").and(page.locator(`[data-name="${peerName}"]`));
    await expect(point, `the map should show ${peerName}`).toHaveCount(1);
    await expect(point).toContainText(`${selected.length} specification(s) in the marketplace`);
    await expect(page.getByText("Loading map…"), "the offline map should finish loading").toHaveCount(0);
    await camera.capture(page, "platform-map");
  });
});

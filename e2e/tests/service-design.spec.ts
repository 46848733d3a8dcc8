import { expect, test, type Page } from "@playwright/test";
import { account, credentials, platform } from "../platform";
import { addRangeCharacteristic, runSuffix, signIn, tmfGet } from "../portals";

// The Luleå domain owner designs a resource-facing service on a discovered
// resource specification and a customer-facing service on top of it, and
// activates both. A platform admin imports the customer-facing one into the
// ESO marketplace. Once the owner retires it, the availability check takes
// it out of the marketplace again.

const luleaUrl = platform.doUrl(0);
const specificationPath = "/tmf-api/serviceCatalogManagement/v4/serviceSpecification";

/** Changes the lifecycle status on a specification's design page and waits until the DO serves it. */
async function changeStatus(page: Page, request: Parameters<typeof tmfGet>[0], id: string, lifecycleStatus: string) {
  await page.getByRole("combobox", { name: "New lifecycle status" }).selectOption(lifecycleStatus);
  await page.getByRole("button", { name: "Change status" }).click();
  const token = credentials().apiTokens["do-lulea"];
  await expect
    .poll(async () => ((await (await tmfGet(request, `${luleaUrl}${specificationPath}/${id}`, token)).json()) as { lifecycleStatus: string }).lifecycleStatus, {
      message: `specification ${id} should become ${lifecycleStatus}`,
    })
    .toBe(lifecycleStatus);
}

function designedId(page: Page): string {
  return new URL(page.url()).pathname.split("/").pop()!;
}

test("domain owner designs RFS and CFS for the marketplace", async ({ page, request }) => {
  const suffix = runSuffix();
  const rfsName = `Video engine ${suffix}`;
  const cfsName = `Smart video ${suffix}`;
  const catalogName = `Designed services ${suffix}`;
  const categoryName = `Video ${suffix}`;
  let cfsId = "";

  await test.step("design a resource-facing service on a resource specification", async () => {
    await signIn(page, luleaUrl, account("domainOwner", "do-lulea"));
    await page.getByRole("link", { name: "Service design", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Service design" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Resource specifications" }).getByText("Kubernetes deployment", { exact: true })).toBeVisible();

    await page.getByRole("link", { name: "Design resource-facing service" }).click();
    await page.getByRole("textbox", { name: "Name", exact: true }).fill(rfsName);
    await page.getByRole("checkbox", { name: /^Kubernetes deployment/ }).check();
    await page.getByRole("textbox", { name: "Artifact name" }).fill("video-engine");
    await addRangeCharacteristic(page, 1, "replicas", { from: "1", to: "5", default: "1" });
    await page.getByRole("button", { name: "Save specification" }).click();
    await expect(page.getByRole("heading", { level: 1, name: `${rfsName} 1.0` })).toBeVisible();
    await expect(page.getByRole("table", { name: "Characteristics" }).getByRole("row")).toHaveCount(5);
    await changeStatus(page, request, designedId(page), "Active");
  });

  await test.step("design a customer-facing service on it and activate it", async () => {
    await page.goto(`${luleaUrl}/design/new?kind=customerFacing`);
    await page.getByRole("textbox", { name: "Name", exact: true }).fill(cfsName);
    await page.getByRole("checkbox", { name: `${rfsName} 1.0` }).check();
    await addRangeCharacteristic(page, 1, "replicas", { from: "1", to: "3", default: "2" });
    await page.getByRole("button", { name: "Save specification" }).click();
    await expect(page.getByRole("heading", { level: 1, name: `${cfsName} 1.0` })).toBeVisible();
    cfsId = designedId(page);

    const served = (await (await tmfGet(request, `${luleaUrl}${specificationPath}/${cfsId}`, credentials().apiTokens["do-lulea"])).json()) as Record<string, unknown>;
    expect(served["@type"]).toBe("CustomerFacingServiceSpecification");
    expect(served.lifecycleStatus).toBe("In design");
    await changeStatus(page, request, cfsId, "Active");
  });

  const esoToken = credentials().apiTokens.eso!;
  const peers = (await (await request.get(`${platform.eso}/api/peers`, { headers: { Authorization: `Bearer ${esoToken}` } })).json()) as { id: string; endpoint: string }[];
  const peer = peers.find((candidate) => candidate.endpoint === luleaUrl);
  expect(peer, `the ESO should be peered with the Luleå DO at ${luleaUrl}`).toBeDefined();

  await test.step("see the design at the ESO and import the CFS", async () => {
    await page.context().clearCookies();
    await signIn(page, platform.eso, account("platformAdmin", "eso"));
    await page.goto(`${platform.eso}/design/${peer!.id}`);
    await expect(page.getByRole("table", { name: "Customer-facing specifications" }).getByRole("cell", { name: cfsName, exact: true })).toBeVisible();

    await page.goto(`${platform.eso}/oss/${peer!.id}`);
    const table = page.getByRole("table", { name: "Service specifications of the DO" });
    await expect(table.getByRole("checkbox", { name: `Import ${cfsName}`, exact: true })).toBeVisible();
    const checkboxes = table.getByRole("checkbox");
    for (let index = 0; index < (await checkboxes.count()); index += 1) await checkboxes.nth(index).setChecked(false);
    await table.getByRole("checkbox", { name: `Import ${cfsName}`, exact: true }).check();

    await expect(async () => {
      await page.getByRole("combobox", { name: "Catalogue", exact: true }).selectOption({ label: "New catalogue…" });
      await expect(page.getByRole("textbox", { name: "New catalogue name" })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await page.getByRole("textbox", { name: "New catalogue name" }).fill(catalogName);
    await expect(async () => {
      await page.getByRole("combobox", { name: "Category", exact: true }).selectOption({ label: "New category…" });
      await expect(page.getByRole("textbox", { name: "New category name" })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await page.getByRole("textbox", { name: "New category name" }).fill(categoryName);
    await page.getByRole("button", { name: "Import checked specifications" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Imported 1 specification(s) into ${catalogName} › ${categoryName}` })).toBeVisible({ timeout: 30_000 });

    await page.getByRole("link", { name: "Marketplace", exact: true }).click();
    const catalog = page.getByRole("region", { name: catalogName, exact: true });
    await expect(catalog.getByRole("heading", { level: 4 })).toHaveText([cfsName]);
  });

  await test.step("retire the CFS at the DO; the check takes it out of the marketplace", async () => {
    const domainPage = await page.context().browser()!.newPage();
    await signIn(domainPage, luleaUrl, account("domainOwner", "do-lulea"));
    await domainPage.goto(`${luleaUrl}/design/${cfsId}`);
    await changeStatus(domainPage, request, cfsId, "Retired");
    await domainPage.close();

    await page.goto(`${platform.eso}/oss/${peer!.id}`);
    await page.getByRole("button", { name: "Check now" }).click();
    await expect(page.getByText(/\d+ unchanged, 1 updated, 0 removed/)).toBeVisible();
    await page.getByRole("link", { name: "Marketplace", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Marketplace" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 4, name: cfsName, exact: true }), "a retired specification should leave the marketplace").toHaveCount(0);
  });
});

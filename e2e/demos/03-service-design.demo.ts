import { expect, test, type Page } from "@playwright/test";
import { account, credentials, platform } from "../platform";
import { addRangeCharacteristic, chooseNewCatalogAndCategory, signIn, tmfGet } from "../portals";
import { designedService } from "./scenario";
import { workflowCamera } from "./screenshots";

// Service design in a domain. The Luleå domain owner browses the resource
// specifications that the DO discovered in its cluster and designs a
// resource-facing service (RFS) on one of them. Over that RFS the owner
// designs a customer-facing service (CFS) with a configurable characteristic
// and a category, and activates both. A platform admin then finds the design in the ESO portal
// and imports the CFS, which appears in the ESO marketplace.

const luleaUrl = platform.doUrl(0);
const specificationPath = "/tmf-api/serviceCatalogManagement/v4/serviceSpecification";
const resourceFacingName = "Conveyor vision engine";
const catalogName = "Designed mining services";
const categoryName = "Conveyor inspection";

/** Reads the lifecycle status that the DO's TMF633 API serves for a specification. */
async function servedStatus(request: Parameters<typeof tmfGet>[0], id: string): Promise<string | undefined> {
  const response = await tmfGet(request, `${luleaUrl}${specificationPath}/${id}`, credentials().apiTokens["do-lulea"]);
  expect(response.status(), `GET specification ${id} at the Luleå DO`).toBe(200);
  return ((await response.json()) as { lifecycleStatus?: string }).lifecycleStatus;
}

/** Moves the specification shown on its design page to Active and waits until the DO serves the new status. */
async function activate(page: Page, request: Parameters<typeof tmfGet>[0], id: string) {
  await page.getByRole("combobox", { name: "New lifecycle status" }).selectOption("Active");
  await page.getByRole("button", { name: "Change status" }).click();
  await expect.poll(() => servedStatus(request, id), { message: `specification ${id} should become Active` }).toBe("Active");
  await page.reload();
  await expect(page.getByRole("term").filter({ hasText: "Lifecycle status" }).locator("..").locator("[data-state]"), "the design page should show the new status").toHaveAttribute("data-state", /active/i);
}

function designedId(page: Page): string {
  return new URL(page.url()).pathname.split("/").pop()!;
}

test("domain owner designs a service for the marketplace", async ({ page, browser, request }) => {
  test.setTimeout(180_000);
  const camera = workflowCamera("service-design");
  const owner = await browser.newPage();
  let resourceFacingId = "";
  let customerFacingId = "";

  await test.step("the domain owner browses the domain's resource specifications", async () => {
    await signIn(owner, luleaUrl, account("domainOwner", "do-lulea"));
    await owner.getByRole("link", { name: "Service design", exact: true }).click();
    await expect(owner.getByRole("heading", { level: 1, name: "Service design" })).toBeVisible();
    const resources = owner.getByRole("table", { name: "Resource specifications" });
    await expect(resources.getByText("Kubernetes deployment", { exact: true }), "the DO should list the resource specifications it discovered").toBeVisible();
    await camera.capture(owner, "resource-specifications", { focus: resources });
  });

  await test.step("the domain owner designs a resource-facing service on a resource specification", async () => {
    await owner.getByRole("link", { name: "Design resource-facing service" }).click();
    await expect(owner.getByRole("heading", { level: 1, name: "Design a resource-facing service" })).toBeVisible();
    await owner.getByRole("textbox", { name: "Name", exact: true }).fill(resourceFacingName);
    await owner.getByRole("textbox", { name: "Description", exact: true }).fill("Video analytics engine that finds damaged belt splices.");
    await owner.getByRole("checkbox", { name: /^Kubernetes deployment/ }).check();
    await owner.getByRole("textbox", { name: "Artifact name" }).fill("conveyor-vision");
    await addRangeCharacteristic(owner, 1, "replicas", { from: "1", to: "5", default: "1" });
    await camera.capture(owner, "rfs-form", { focus: owner.getByRole("group", { name: "Characteristic 1" }) });
    await owner.getByRole("button", { name: "Save specification" }).click();
    await expect(owner.getByRole("heading", { level: 1, name: `${resourceFacingName} 1.0` }), "saving should open the new specification").toBeVisible();
    await expect(owner.getByRole("table", { name: "Characteristics" }).getByRole("row"), "the artifact fields and replicas become characteristics").toHaveCount(5);
    resourceFacingId = designedId(owner);
    expect(await servedStatus(request, resourceFacingId), "a new design starts In design").toBe("In design");
    await activate(owner, request, resourceFacingId);
    await camera.capture(owner, "rfs-active");
  });

  await test.step("the domain owner designs a customer-facing service over it, in a category", async () => {
    await owner.goto(`${luleaUrl}/design/new?kind=customerFacing`);
    await expect(owner.getByRole("heading", { level: 1, name: "Design a customer-facing service" })).toBeVisible();
    await owner.getByRole("textbox", { name: "Name", exact: true }).fill(designedService);
    await owner.getByRole("textbox", { name: "Description", exact: true }).fill("Belt splice inspection for the conveyors of the mine.");
    const category = owner.getByRole("combobox", { name: "Category", exact: true });
    const conditionMonitoring = category.locator("option", { hasText: "Condition monitoring" });
    await expect(conditionMonitoring, "the DO should offer its condition monitoring category").toHaveCount(1);
    await category.selectOption((await conditionMonitoring.getAttribute("value"))!);
    await owner.getByRole("checkbox", { name: `${resourceFacingName} 1.0` }).check();
    await addRangeCharacteristic(owner, 1, "replicas", { from: "1", to: "3", default: "1" });
    await camera.capture(owner, "cfs-form");
    await owner.getByRole("button", { name: "Save specification" }).click();
    await expect(owner.getByRole("heading", { level: 1, name: `${designedService} 1.0` })).toBeVisible();
    customerFacingId = designedId(owner);

    const served = (await (await tmfGet(request, `${luleaUrl}${specificationPath}/${customerFacingId}`, credentials().apiTokens["do-lulea"])).json()) as Record<string, unknown>;
    expect(served["@type"], "the DO serves the design as a TMF633 customer-facing specification").toBe("CustomerFacingServiceSpecification");
    expect(JSON.stringify(served.serviceSpecRelationship), "the CFS names the RFS as its part").toContain(resourceFacingId);
    await camera.capture(owner, "cfs-in-design");
    await activate(owner, request, customerFacingId);
    await camera.capture(owner, "cfs-active");
  });

  await test.step("the DO's design overview lists both specifications as Active", async () => {
    await owner.getByRole("link", { name: "Service design", exact: true }).click();
    for (const [table, name] of [
      ["Customer-facing specifications", designedService],
      ["Resource-facing specifications", resourceFacingName],
    ] as const) {
      const row = owner.getByRole("table", { name: table }).getByRole("row").filter({ hasText: name });
      await expect(row.locator("[data-state]"), `${name} should be listed as Active`).toHaveAttribute("data-state", /active/i);
    }
    await camera.capture(owner, "designed-specifications");
  });
  await owner.close();

  let peerId = "";
  await test.step("the platform admin finds the design in the ESO portal", async () => {
    await signIn(page, platform.eso, account("platformAdmin", "eso"));
    await page.getByRole("link", { name: "Service design", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Service design" })).toBeVisible();
    await page.getByRole("link", { name: /Lule/ }).first().click();
    await expect(page, "the domain's card should open its design page").toHaveURL(/\/design\/[0-9a-f-]{36}$/);
    peerId = designedId(page);
    const row = page.getByRole("table", { name: "Customer-facing specifications" }).getByRole("row").filter({ hasText: designedService });
    await expect(row, "the ESO reads the DO's designed specifications").toHaveCount(1);
    await expect(row).toContainText(resourceFacingName);
    await camera.capture(page, "eso-design", { focus: row });
  });

  await test.step("the platform admin imports the customer-facing service into a new catalogue", async () => {
    await page.goto(`${platform.eso}/oss/${peerId}`);
    const table = page.getByRole("table", { name: "Service specifications of the DO" });
    const designed = table.getByRole("checkbox", { name: `Import ${designedService}`, exact: true });
    await expect(designed, "the DO's specifications should include the new CFS").toBeVisible();
    const checkboxes = table.getByRole("checkbox");
    for (let index = 0; index < (await checkboxes.count()); index += 1) await checkboxes.nth(index).setChecked(false);
    await designed.check();
    await chooseNewCatalogAndCategory(page, catalogName, categoryName);
    await camera.capture(page, "import-choices", { focus: designed });
    await page.getByRole("button", { name: "Import checked specifications" }).click();
    const status = page.getByRole("status").filter({ hasText: `Imported 1 specification(s) into ${catalogName} › ${categoryName}` });
    await expect(status).toBeVisible({ timeout: 30_000 });
    await camera.capture(page, "imported", { focus: status });
  });

  await test.step("the customer-facing service is in the ESO marketplace", async () => {
    await page.getByRole("link", { name: "Marketplace", exact: true }).click();
    const catalog = page.getByRole("region", { name: catalogName, exact: true });
    await expect(catalog.getByRole("heading", { level: 4 }), "the new catalogue should hold the designed service only").toHaveText([designedService]);
    await camera.capture(page, "marketplace", { focus: catalog });
  });
});

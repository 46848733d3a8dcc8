import { expect, test, type Page } from "@playwright/test";
import { account, credentials, platform } from "../platform";
import { chooseNewCatalogAndCategory, runSuffix, signIn } from "../portals";

// Workflows 3.3 to 3.6 in one walk through the portals. The Valencia domain
// owner designs a resource-facing service on a discovered resource
// specification and activates it. The platform admin imports it into the ESO
// marketplace, orders it, changes its replicas and then its version from
// "My services", and terminates it. The DO portal then shows the service
// terminated and its deployment removed.

const valenciaUrl = platform.doUrl(1);
const domainPortal = "do-valencia";

type InventoryService = { id: string; state: string; serviceCharacteristic?: { name: string; value: unknown }[] };

/** Changes the lifecycle status on a specification's design page and waits until the status select no longer offers it. */
async function changeStatus(page: Page, lifecycleStatus: string) {
  await page.getByRole("combobox", { name: "New lifecycle status" }).selectOption(lifecycleStatus);
  await page.getByRole("button", { name: "Change status" }).click();
  await expect(page.getByRole("combobox", { name: "New lifecycle status" }).locator("option", { hasText: lifecycleStatus })).toHaveCount(0);
}

test("designs, orders, reconfigures and terminates a service in the portals", async ({ page, request }) => {
  const suffix = runSuffix();
  const rfsName = `Traffic counter ${suffix}`;
  const catalogName = `Walked services ${suffix}`;
  const categoryName = `Traffic ${suffix}`;
  const domainToken = credentials().apiTokens[domainPortal]!;

  async function serviceAtDomain(id: string): Promise<InventoryService> {
    const response = await request.get(`${valenciaUrl}/tmf-api/serviceInventory/v4/service/${id}`, { headers: { Authorization: `Bearer ${domainToken}` } });
    expect(response.status(), `GET service ${id} at the Valencia DO`).toBe(200);
    return (await response.json()) as InventoryService;
  }
  const valueAtDomain = async (id: string, name: string) => (await serviceAtDomain(id)).serviceCharacteristic?.find((entry) => entry.name === name)?.value;

  await test.step("the domain owner designs a resource-facing service and activates it", async () => {
    await signIn(page, valenciaUrl, account("domainOwner", domainPortal));
    await page.getByRole("link", { name: "Service design", exact: true }).click();
    await expect(page.getByRole("table", { name: "Resource specifications" }).getByText("Kubernetes deployment", { exact: true })).toBeVisible();
    await page.getByRole("link", { name: "Design resource-facing service" }).click();
    await page.getByRole("textbox", { name: "Name", exact: true }).fill(rfsName);
    await page.getByRole("checkbox", { name: /^Kubernetes deployment/ }).check();
    await page.getByRole("textbox", { name: "Artifact name" }).fill("traffic-counter");
    await page.getByRole("textbox", { name: "Artifact version" }).fill("2.0.0");
    await page.getByRole("button", { name: "Add characteristic" }).click();
    await page.getByRole("textbox", { name: "Characteristic 1 name" }).fill("replicas");
    await page.getByRole("combobox", { name: "Characteristic 1 value type" }).selectOption("integer");
    await page.getByRole("textbox", { name: "Characteristic 1 default" }).fill("1");
    await page.getByRole("textbox", { name: "Characteristic 1 from" }).fill("1");
    await page.getByRole("textbox", { name: "Characteristic 1 to" }).fill("4");
    await page.getByRole("checkbox", { name: "Characteristic 1 configurable" }).check();
    await page.getByRole("button", { name: "Save specification" }).click();
    await expect(page.getByRole("heading", { level: 1, name: `${rfsName} 1.0` })).toBeVisible();
    const characteristics = page.getByRole("table", { name: "Characteristics" });
    await expect(characteristics.getByRole("row").filter({ hasText: "artifactVersion" })).toContainText("2.0.0");
    await expect(characteristics.getByRole("row").filter({ hasText: "replicas" })).toBeVisible();
    await changeStatus(page, "Active");
    await page.reload();
    const status = page.getByRole("term").filter({ hasText: "Lifecycle status" }).locator("..").locator("[data-state]");
    await expect(status, "the design page should show the specification active").toHaveAttribute("data-state", "Active");
  });

  const esoToken = credentials().apiTokens.eso!;
  const peers = (await (await request.get(`${platform.eso}/api/peers`, { headers: { Authorization: `Bearer ${esoToken}` } })).json()) as { id: string; endpoint: string }[];
  const peer = peers.find((candidate) => candidate.endpoint === valenciaUrl);
  expect(peer, `the ESO should be peered with the Valencia DO at ${valenciaUrl}`).toBeDefined();

  await test.step("the platform admin imports it into the marketplace", async () => {
    await page.context().clearCookies();
    await signIn(page, platform.eso, account("platformAdmin", "eso"));
    await page.goto(`${platform.eso}/oss/${peer!.id}`);
    const table = page.getByRole("table", { name: "Service specifications of the DO" });
    await expect(table.getByRole("checkbox", { name: `Import ${rfsName}`, exact: true })).toBeVisible();
    const checkboxes = table.getByRole("checkbox");
    for (let index = 0; index < (await checkboxes.count()); index += 1) await checkboxes.nth(index).setChecked(false);
    await table.getByRole("checkbox", { name: `Import ${rfsName}`, exact: true }).check();
    await chooseNewCatalogAndCategory(page, catalogName, categoryName);
    await page.getByRole("button", { name: "Import checked specifications" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Imported 1 specification(s) into ${catalogName} › ${categoryName}` })).toBeVisible({ timeout: 30_000 });
  });

  await test.step("order it from the marketplace", async () => {
    await page.getByRole("link", { name: "Marketplace", exact: true }).click();
    const catalog = page.getByRole("region", { name: catalogName, exact: true });
    await expect(catalog.getByRole("heading", { level: 4 })).toHaveText([rfsName]);
    await catalog.getByRole("link", { name: rfsName, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: new RegExp(rfsName) })).toBeVisible();
    await page.getByLabel("replicas").fill("1");
    await page.getByRole("button", { name: "Place order" }).click();
    await expect(page, "ordering should open the new order's page").toHaveURL(/\/orders\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    const orderState = page.getByRole("heading", { level: 2, name: "Order", exact: true }).locator("..").locator("[data-state]");
    await expect(orderState, "the order should complete once Valencia has deployed the service").toHaveAttribute("data-state", "completed", { timeout: 90_000 });
  });

  let serviceId = "";
  await test.step("find it in My services", async () => {
    await page.getByRole("link", { name: "My services" }).click();
    await page.getByLabel("Ordered by").selectOption("mine");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/scope=mine/);
    const row = page.getByRole("table", { name: "Services" }).getByRole("row").filter({ hasText: rfsName });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("Valencia");
    await expect(row.locator("[data-state]")).toHaveAttribute("data-state", "active");
    await expect(row).toContainText("replicas 1");
    await expect(row).toContainText("2.0.0");
    await row.getByRole("link").first().click();
    await expect(page).toHaveURL(/\/services\/[0-9a-f-]{36}$/);
    serviceId = page.url().split("/").at(-1)!;
    expect((await serviceAtDomain(serviceId)).state).toBe("active");
  });

  const history = page.getByRole("table", { name: "Service history" });

  await test.step("change the replicas", async () => {
    await page.getByLabel("replicas").fill("5");
    await page.getByRole("button", { name: "Apply change" }).click();
    await expect(page.getByText("replicas must be at most 4"), "a value outside the designed range should be rejected on its field").toBeVisible();
    expect(await valueAtDomain(serviceId, "replicas"), "a rejected change should not reach the DO").toBe(1);

    await page.getByLabel("replicas").fill("3");
    await page.getByRole("button", { name: "Apply change" }).click();
    await expect(page.getByText(/Change sent as service order/)).toBeVisible({ timeout: 30_000 });
    const modifyRow = history.getByRole("row").filter({ hasText: "replicas=3" });
    await expect(modifyRow.locator("[data-state]"), "the change should complete once Valencia has scaled the deployment").toHaveAttribute("data-state", "completed", { timeout: 90_000 });
    await expect(page.getByLabel("replicas")).toHaveValue("3");
    await expect(page.getByLabel("artifactVersion")).toHaveValue("2.0.0");
    expect(await valueAtDomain(serviceId, "replicas")).toBe(3);
  });

  await test.step("change the version", async () => {
    await page.getByLabel("artifactVersion").fill("2.1.0");
    await page.getByRole("button", { name: "Apply change" }).click();
    await expect(page.getByText(/Change sent as service order/)).toBeVisible({ timeout: 30_000 });
    const modifyRow = history.getByRole("row").filter({ hasText: "artifactVersion=2.1.0" });
    await expect(modifyRow.locator("[data-state]"), "the change should complete once Valencia has rolled out the new version").toHaveAttribute("data-state", "completed", { timeout: 90_000 });
    await expect(page.getByLabel("artifactVersion")).toHaveValue("2.1.0");
    await expect(page.getByLabel("replicas")).toHaveValue("3");
    expect(await valueAtDomain(serviceId, "artifactVersion")).toBe("2.1.0");
    expect(await valueAtDomain(serviceId, "replicas")).toBe(3);
  });

  await test.step("terminate it", async () => {
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Terminate service" }).click();
    const stateBadge = page.getByRole("term").filter({ hasText: "State" }).locator("..").locator("[data-state]").first();
    await expect(stateBadge, "the service should show as terminated once Valencia has removed it").toHaveAttribute("data-state", "terminated", { timeout: 90_000 });
    await expect(page.getByRole("button", { name: "Apply change" })).toHaveCount(0);
  });

  await test.step("the domain owner sees the service terminated and its deployment removed", async () => {
    await page.context().clearCookies();
    await signIn(page, valenciaUrl, account("domainOwner", domainPortal), `/services/${serviceId}`);
    await expect(page.getByRole("heading", { level: 1, name: rfsName })).toBeVisible();
    const details = page.getByRole("term");
    await expect(details.filter({ hasText: "State" }).locator("..").locator("[data-state]").first()).toHaveAttribute("data-state", "terminated");
    const deploymentName = (await details.filter({ hasText: "Deployment" }).locator("xpath=following-sibling::*[1]").innerText()).trim();
    expect(deploymentName, "the service page should name its deployment").not.toBe("");

    await page.getByRole("link", { name: "Resources", exact: true }).click();
    const deployment = page.getByRole("table", { name: "Deployments that service orders created" }).getByRole("row").filter({ hasText: deploymentName });
    await expect(deployment).toHaveCount(1);
    await expect(deployment.getByRole("cell").last(), "the deployment should carry the time it was removed").not.toHaveText("—");
    await expect(deployment).toContainText(":2.1.0");
  });
});

import { expect, test } from "@playwright/test";
import { account, credentials, platform } from "../platform";
import { signIn, tmfList } from "../portals";

// Reconfiguration in the ESO portal: a user orders a Luleå service, opens it
// in "My services", gets the reason an out-of-range value is rejected,
// changes replicas and version, finds the new values once the DO has rolled
// them out, and terminates the service. The DO's TMF638 inventory is checked at each step.

const specificationName = "BEMIS Multi-sensing Seismic Processing";
const luleaUrl = platform.doUrl(0);

type InventoryService = { id: string; state: string; serviceCharacteristic?: { name: string; value: unknown }[] };

test("orders, reconfigures and terminates a service from My services", async ({ page, request }) => {
  const esoToken = credentials().apiTokens.eso!;
  const luleaToken = credentials().apiTokens["do-lulea"]!;
  const specifications = await tmfList<{ id: string; name: string }>(
    request,
    `${platform.eso}/tmf-api/serviceCatalogManagement/v4/serviceSpecification?name=${encodeURIComponent(specificationName)}&fields=id,name`,
    esoToken,
  );
  expect(specifications, `the ESO marketplace should offer ${specificationName}`).not.toHaveLength(0);
  async function serviceAtDomain(id: string): Promise<InventoryService> {
    const response = await request.get(`${luleaUrl}/tmf-api/serviceInventory/v4/service/${id}`, { headers: { Authorization: `Bearer ${luleaToken}` } });
    expect(response.status(), `GET service ${id} at the Luleå DO`).toBe(200);
    return (await response.json()) as InventoryService;
  }
  const valueAtDomain = async (id: string, name: string) => (await serviceAtDomain(id)).serviceCharacteristic?.find((entry) => entry.name === name)?.value;

  await test.step("order the service in the ESO marketplace", async () => {
    await signIn(page, platform.eso, account("serviceDesigner", "eso"), `/marketplace/${specifications[0]!.id}`);
    await page.getByLabel("replicas").fill("1");
    await page.getByRole("button", { name: "Place order" }).click();
    await expect(page, "ordering should open the new order's page").toHaveURL(/\/orders\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    const orderState = page.getByRole("heading", { level: 2, name: "Order", exact: true }).locator("..").locator("[data-state]");
    await expect(orderState, "the order should complete once Luleå has deployed the service").toHaveAttribute("data-state", "completed", { timeout: 90_000 });
  });

  let serviceId = "";
  await test.step("find it in My services", async () => {
    await page.getByRole("link", { name: "My services" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "My services" })).toBeVisible();
    await page.getByLabel("Ordered by").selectOption("mine");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/scope=mine/);
    const row = page.getByRole("table", { name: "Services" }).getByRole("row").filter({ hasText: specificationName }).first();
    await expect(row, "the new service should be listed as active in Luleå").toContainText("Luleå");
    await expect(row.locator("[data-state]")).toHaveAttribute("data-state", "active");
    await expect(row).toContainText("replicas 1");
    await row.getByRole("link").click();
    await expect(page, "the service link should open its page").toHaveURL(/\/services\/[0-9a-f-]{36}$/);
    serviceId = page.url().split("/").at(-1)!;
  });

  await test.step("a replica count above the range is rejected on its field", async () => {
    await page.getByLabel("replicas").fill("11");
    await page.getByRole("button", { name: "Apply change" }).click();
    await expect(page.getByText("replicas must be at most 10"), "the field should say why the value is rejected").toBeVisible();
    await expect(page.getByLabel("replicas")).toHaveAttribute("aria-invalid", "true");
    expect(await valueAtDomain(serviceId, "replicas"), "nothing should reach the DO").toBe(1);
  });

  await test.step("change replicas and version and see the new values", async () => {
    await page.getByLabel("replicas").fill("3");
    await page.getByLabel("artifactVersion").fill("1.1.0");
    await page.getByRole("button", { name: "Apply change" }).click();
    await expect(page.getByText(/Change sent as service order/), "the change should be sent as an order").toBeVisible({ timeout: 30_000 });
    const history = page.getByRole("table", { name: "Service history" });
    const modifyRow = history.getByRole("row").filter({ hasText: "modify" });
    await expect(modifyRow.locator("[data-state]"), "the modify order should complete once Luleå has rolled it out").toHaveAttribute("data-state", "completed", { timeout: 90_000 });
    await expect(modifyRow).toContainText("replicas=3");
    await expect(modifyRow).toContainText("artifactVersion=1.1.0");
    await expect(page.getByLabel("replicas")).toHaveValue("3");
    await expect(page.getByLabel("artifactVersion")).toHaveValue("1.1.0");
    expect(await valueAtDomain(serviceId, "replicas")).toBe(3);
    expect(await valueAtDomain(serviceId, "artifactVersion")).toBe("1.1.0");
  });

  await test.step("terminate the service", async () => {
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Terminate service" }).click();
    const stateBadge = page.getByRole("term").filter({ hasText: "State" }).locator("..").locator("[data-state]").first();
    await expect(stateBadge, "the service should show as terminated once Luleå has removed it").toHaveAttribute("data-state", "terminated", { timeout: 90_000 });
    expect((await serviceAtDomain(serviceId)).state).toBe("terminated");
    await expect(page.getByRole("button", { name: "Apply change" })).toHaveCount(0);
  });
});

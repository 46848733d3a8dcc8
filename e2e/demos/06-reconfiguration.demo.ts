import { expect, test, type APIRequestContext } from "@playwright/test";
import { account, credentials, platform } from "../platform";
import { signIn } from "../portals";
import { orderedService } from "./scenario";
import { workflowCamera } from "./screenshots";

// Service reconfiguration through the orchestrators. The service designer (a
// level 2 user) who ordered a Luleå service in the service-ordering demo
// finds it in "My services" of the ESO portal and changes its replicas and
// version. The ESO sends a TMF641 modify order to the Luleå DO, which scales
// and rolls out the deployment, and the ESO shows the new values once the DO
// reports the order completed. Finally the user terminates the service. The
// DO's TMF638 inventory is checked after each change.

const luleaUrl = platform.doUrl(0);

type InventoryService = { id: string; state: string; serviceCharacteristic?: { name: string; value: unknown }[] };

async function serviceAtDomain(request: APIRequestContext, id: string): Promise<InventoryService> {
  const response = await request.get(`${luleaUrl}/tmf-api/serviceInventory/v4/service/${id}`, { headers: { Authorization: `Bearer ${credentials().apiTokens["do-lulea"]}` } });
  expect(response.status(), `GET service ${id} at the Luleå DO`).toBe(200);
  return (await response.json()) as InventoryService;
}

async function valueAtDomain(request: APIRequestContext, id: string, name: string): Promise<unknown> {
  return (await serviceAtDomain(request, id)).serviceCharacteristic?.find((entry) => entry.name === name)?.value;
}

test("user reconfigures and terminates a running service", async ({ page, request }) => {
  test.setTimeout(240_000);
  const camera = workflowCamera("reconfiguration");
  let serviceId = "";

  await test.step("the user finds the running service in My services", async () => {
    await signIn(page, platform.eso, account("serviceDesigner", "eso"));
    await page.getByRole("link", { name: "My services", exact: true }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "My services" })).toBeVisible();
    await page.getByLabel("Ordered by").selectOption("mine");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/scope=mine/);
    const row = page.getByRole("table", { name: "Services" }).getByRole("row").filter({ hasText: orderedService });
    await expect(row, `the ${orderedService} service of the service-ordering demo should be listed once`).toHaveCount(1);
    await expect(row).toContainText("Luleå");
    await expect(row.locator("[data-state]")).toHaveAttribute("data-state", "active");
    await expect(row, "the service runs with the values it was ordered with").toContainText("replicas 2 · version 1.0.0");
    await camera.capture(page, "my-services", { focus: row });
    await row.getByRole("link").click();
    await expect(page, "the service link should open its page").toHaveURL(/\/services\/[0-9a-f-]{36}$/);
    serviceId = new URL(page.url()).pathname.split("/").pop()!;
    await expect(page.getByLabel("replicas")).toHaveValue("2");
    await camera.capture(page, "service-page");
  });

  await test.step("a value outside the allowed range is rejected on its field", async () => {
    await page.getByLabel("replicas").fill("11");
    await page.getByRole("button", { name: "Apply change" }).click();
    await expect(page.getByText("replicas must be at most 10"), "the field should say why the value is rejected").toBeVisible();
    await expect(page.getByLabel("replicas")).toHaveAttribute("aria-invalid", "true");
    await camera.capture(page, "value-rejected", { focus: page.getByLabel("replicas") });
    expect(await valueAtDomain(request, serviceId, "replicas"), "nothing should reach the DO").toBe(2);
  });

  const history = page.getByRole("table", { name: "Service history" });
  const modifyRow = history.getByRole("row").filter({ hasText: "modify" });
  await test.step("the user changes replicas and version and places the update", async () => {
    await page.getByLabel("replicas").fill("3");
    await page.getByLabel("artifactVersion").fill("1.1.0");
    await camera.capture(page, "change-form", { focus: page.getByRole("button", { name: "Apply change" }) });
    await page.getByRole("button", { name: "Apply change" }).click();
    await expect(page.getByText(/Change sent as service order/), "the ESO should accept the change as a service order").toBeVisible({ timeout: 30_000 });
    await expect(modifyRow, "the history should list the modify order").toHaveCount(1);
    await camera.capture(page, "change-sent");
  });

  await test.step("the DO rolls the change out and the ESO shows the updated service", async () => {
    await expect(modifyRow.locator("[data-state]"), "the modify order should complete once Luleå has rolled it out").toHaveAttribute("data-state", "completed", { timeout: 90_000 });
    await expect(modifyRow).toContainText("replicas=3");
    await expect(modifyRow).toContainText("artifactVersion=1.1.0");
    await expect(page.getByLabel("replicas")).toHaveValue("3");
    await expect(page.getByLabel("artifactVersion")).toHaveValue("1.1.0");
    expect(await valueAtDomain(request, serviceId, "replicas"), "the DO's inventory should hold the new replica count").toBe(3);
    expect(await valueAtDomain(request, serviceId, "artifactVersion"), "the DO's inventory should hold the new version").toBe("1.1.0");
    await camera.capture(page, "change-completed", { focus: history });
    await page.getByRole("link", { name: "My services", exact: true }).first().click();
    const row = page.getByRole("table", { name: "Services" }).getByRole("row").filter({ hasText: serviceId });
    await expect(row, "the list should show the new values").toContainText("replicas 3 · version 1.1.0");
    await camera.capture(page, "my-services-updated", { focus: row });
    await row.getByRole("link").click();
  });

  await test.step("the user terminates the service", async () => {
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Terminate service" }).click();
    const stateBadge = page.getByRole("term").filter({ hasText: "State" }).locator("..").locator("[data-state]").first();
    await expect(stateBadge, "the service should show as terminated once Luleå has removed it").toHaveAttribute("data-state", "terminated", { timeout: 90_000 });
    expect((await serviceAtDomain(request, serviceId)).state, "the DO's inventory should mark the service terminated").toBe("terminated");
    await expect(page.getByRole("button", { name: "Apply change" }), "a terminated service cannot be changed").toHaveCount(0);
    await camera.capture(page, "terminated");
  });
});

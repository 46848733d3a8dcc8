import { expect, test } from "@playwright/test";
import { account, credentials, platform } from "../platform";
import { runSuffix, signIn, tmfList } from "../portals";

// Domain operations in the Central Macedonia DO: parties, telemetry charts and
// an SLA that a deliberately unhealthy deployment breaches. The fault comes
// through POST /api/cluster/faults, which exists only because global-setup
// sets CLUSTER_FAULT_INJECTION=enabled; the launcher leaves it off.

const domainUrl = platform.doUrl(2);
const component = "do-central-macedonia";
const serviceOrderPath = "/tmf-api/serviceOrdering/v4/serviceOrder";

interface ServiceOrderSummary extends Record<string, unknown> {
  id: string;
  state: string;
  serviceOrderItem: { service: { id?: string } }[];
}

test("domain owner governs parties, telemetry and SLAs", async ({ page, request }) => {
  const token = credentials().apiTokens[component]!;
  const suffix = runSuffix();
  const partyName = `Thermi Operators ${suffix}`;
  const slaName = `Availability ${suffix}`;

  await signIn(page, domainUrl, account("domainOwner", component), "/parties");

  await test.step("add a party and change its roles", async () => {
    await page.goto(`${domainUrl}/parties`);
    await expect(page.getByRole("heading", { name: "Parties", level: 1 })).toBeVisible();
    const addForm = page.getByRole("form", { name: "Add party" });
    await addForm.getByLabel("Name").fill(partyName);
    await addForm.getByLabel("Operator").check();
    await addForm.getByRole("button", { name: "Add party" }).click();
    await expect(addForm.getByRole("status").filter({ hasText: `${partyName} added.` })).toBeVisible();

    const rolesForm = page.getByRole("form", { name: `Roles of ${partyName}` });
    await expect(rolesForm.getByLabel("Operator")).toBeChecked();
    await rolesForm.getByLabel("Data provider").check();
    await rolesForm.getByRole("button", { name: "Save roles" }).click();
    await expect(rolesForm.getByRole("status").filter({ hasText: `Roles of ${partyName} saved.` })).toBeVisible();
    await page.reload();
    await expect(page.getByRole("form", { name: `Roles of ${partyName}` }).getByLabel("Data provider")).toBeChecked();
  });

  let serviceId = "";
  await test.step("run a service in the domain", async () => {
    const [specification] = await tmfList<{ id: string }>(request, `${domainUrl}/tmf-api/serviceCatalogManagement/v4/serviceSpecification?lifecycleStatus=Active&limit=1`, token);
    expect(specification, "the DO catalogue should hold an active specification").toBeDefined();
    const response = await request.post(`${domainUrl}${serviceOrderPath}`, {
      headers: { Authorization: `Bearer ${token}` },
      data: { serviceOrderItem: [{ id: "1", action: "add", service: { serviceSpecification: { id: specification!.id } } }] },
      failOnStatusCode: false,
    });
    const body = await response.text();
    expect(response.status(), `POST serviceOrder answered ${response.status()}: ${body.slice(0, 300)}`).toBe(201);
    const orderId = (JSON.parse(body) as ServiceOrderSummary).id;
    await expect
      .poll(
        async () => {
          const [order] = await tmfList<ServiceOrderSummary>(request, `${domainUrl}${serviceOrderPath}?id=${orderId}`, token);
          serviceId = order?.serviceOrderItem[0]?.service.id ?? "";
          return order?.state;
        },
        { message: `service order ${orderId} should complete`, timeout: 60_000, intervals: [250, 500, 1_000] },
      )
      .toBe("completed");
  });

  await test.step("see telemetry charts", async () => {
    await page.goto(`${domainUrl}/telemetry?range=1h`);
    await expect(page.getByRole("link", { name: "1h" })).toHaveAttribute("aria-current", "page");
    const nodeChart = page.getByRole("img", { name: "CPU use per node" });
    await expect(nodeChart).toBeVisible();
    await expect(nodeChart.locator("path[data-series]")).toHaveCount(3);
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.getByRole("img", { name: "Health per service" }).locator("path[data-series]").count();
        },
        { message: "the health chart should draw the new service after the collector samples it", timeout: 30_000, intervals: [1_000] },
      )
      .toBeGreaterThan(0);
    await page.getByRole("link", { name: "24h" }).click();
    await expect(page.getByRole("link", { name: "24h" })).toHaveAttribute("aria-current", "page");
  });

  await test.step("set an SLA target for the service", async () => {
    await page.goto(`${domainUrl}/sla`);
    const form = page.getByRole("form", { name: "New SLA" });
    await form.getByLabel("Name").fill(slaName);
    await form.getByLabel("Applies to").selectOption(`service:${serviceId}`);
    await form.getByLabel("Availability target (%)").fill("99");
    await form.getByLabel("Window (minutes)").fill("60");
    await form.getByRole("button", { name: "Save SLA" }).click();
    await expect(form.getByRole("status").filter({ hasText: `SLA "${slaName}" saved` })).toBeVisible();
    await expect(page.getByRole("region", { name: `SLA ${slaName}` }).getByText("No breach recorded.")).toBeVisible();
  });

  await test.step("see a breach after the deployment becomes unhealthy", async () => {
    const response = await request.post(`${domainUrl}/api/cluster/faults`, {
      headers: { Authorization: `Bearer ${token}` },
      data: { serviceId, fault: { unhealthy: true } },
      failOnStatusCode: false,
    });
    expect(response.status(), `POST /api/cluster/faults answered ${response.status()}: ${(await response.text()).slice(0, 300)}`).toBe(200);

    const card = page.getByRole("region", { name: `SLA ${slaName}` });
    await expect
      .poll(
        async () => {
          await page.reload();
          return card.locator('[data-breach-metric="availability"]').count();
        },
        { message: "the SLA page should list an availability breach", timeout: 30_000, intervals: [1_000] },
      )
      .toBe(1);
    await expect(card.getByText("Ongoing")).toBeVisible();
    await expect(card.getByText(/Breached: availability/)).toBeVisible();

    await page.goto(`${domainUrl}/services/${serviceId}`);
    await expect(page.locator('[data-breach-metric="availability"]')).toHaveCount(1);
    await expect(page.getByRole("img", { name: "Health of this service" })).toBeVisible();
  });
});

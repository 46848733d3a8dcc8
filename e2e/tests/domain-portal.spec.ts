import { expect, test } from "@playwright/test";
import { account, credentials, platform } from "../platform";
import { shortId, signIn, tmfList } from "../portals";

// The Luleå domain owner's view of an order that the ESO delegated to the
// domain: the test places the order itself through the ESO's TMF641 API, so
// it does not depend on what other test files ordered.

const luleaUrl = platform.doUrl(0);
const luleaDomainName = "Luleå Mining Domain";
const serviceOrderPath = "/tmf-api/serviceOrdering/v4/serviceOrder";

interface SpecificationSummary extends Record<string, unknown> {
  id: string;
  name: string;
  lifecycleStatus?: string;
  domain?: { name?: string; remoteHref?: string | null };
}

interface ServiceOrderSummary extends Record<string, unknown> {
  id: string;
  state: string;
  externalId?: string;
}

test("domain owner sees delegated order", async ({ page, request }) => {
  const tokens = credentials().apiTokens;
  const esoToken = tokens.eso!;
  const doToken = tokens["do-lulea"]!;

  const esoSpecifications = await tmfList<SpecificationSummary>(request, `${platform.eso}/tmf-api/serviceCatalogManagement/v4/serviceSpecification?limit=500`, esoToken);
  // The ESO keeps the DO's own href of each imported specification, which starts with the DO's endpoint.
  const luleaSpecification = esoSpecifications.find(
    (specification) => specification.domain?.remoteHref?.startsWith(`${luleaUrl}/`) || specification.domain?.name === luleaDomainName,
  );
  expect(luleaSpecification, `the ESO marketplace should offer a specification of the Luleå DO at ${luleaUrl}`).toBeDefined();

  let esoOrderId = "";
  await test.step("order a Luleå service through the ESO's TMF641 API", async () => {
    const response = await request.post(`${platform.eso}${serviceOrderPath}`, {
      headers: { Authorization: `Bearer ${esoToken}` },
      data: {
        description: "End-to-end test of the domain portal",
        serviceOrderItem: [{ id: "1", action: "add", service: { serviceSpecification: { id: luleaSpecification!.id } } }],
      },
      failOnStatusCode: false,
    });
    const body = await response.text();
    expect(response.status(), `POST serviceOrder to the ESO answered ${response.status()}: ${body.slice(0, 300)}`).toBe(201);
    esoOrderId = (JSON.parse(body) as ServiceOrderSummary).id;

    await expect
      .poll(
        async () => {
          const reply = await request.get(`${platform.eso}${serviceOrderPath}/${esoOrderId}`, { headers: { Authorization: `Bearer ${esoToken}` } });
          return ((await reply.json()) as ServiceOrderSummary).state;
        },
        { message: `ESO service order ${esoOrderId} should reach completed`, timeout: 60_000, intervals: [250, 500, 1_000] },
      )
      .toBe("completed");
  });

  const delegated = await tmfList<ServiceOrderSummary>(request, `${luleaUrl}${serviceOrderPath}?externalId=${esoOrderId}`, doToken);
  expect(delegated, `the Luleå DO should contain exactly one order delegated for ESO order ${esoOrderId}`).toHaveLength(1);
  const doOrder = delegated[0]!;
  expect(doOrder.state, `DO order ${doOrder.id} should be completed`).toBe("completed");

  await test.step("sign in to the Luleå DO portal as its domain owner", async () => {
    await signIn(page, luleaUrl, account("domainOwner", "do-lulea"));
    await expect(page.getByRole("heading", { level: 1, name: luleaDomainName })).toBeVisible();
  });

  await test.step("see that the cluster is simulated", async () => {
    const notice = page.getByRole("note", { name: "Simulated component" });
    await expect(notice, "the portal should say that a stand-in replaces the cluster").toBeVisible();
    await expect(notice).toContainText("Simulated cluster");
  });

  await test.step("see the domain's specifications in the service catalogue", async () => {
    const offered = await tmfList<SpecificationSummary>(request, `${luleaUrl}/tmf-api/serviceCatalogManagement/v4/serviceSpecification?limit=200`, doToken);
    expect(offered.length, "the Luleå DO should offer service specifications").toBeGreaterThan(0);

    await page.getByRole("link", { name: "Service catalogue", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Service catalogue" })).toBeVisible();
    for (const specification of offered) {
      // A specification in two categories is listed under each of them.
      await expect(page.getByRole("link", { name: specification.name, exact: true }).first(), `the catalogue should list ${specification.name}`).toBeVisible();
    }
  });

  await test.step("see the delegated order as completed", async () => {
    await page.getByRole("link", { name: "Service orders", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Service orders" })).toBeVisible();
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: `Service order ${shortId(doOrder.id)}`, exact: true }) });
    await expect(row, `Service orders should list DO order ${doOrder.id}`).toHaveCount(1);
    await expect(row, "the row should show the ESO order as the external id").toContainText(shortId(esoOrderId));
    await expect(row.locator("[data-state]"), `DO order ${doOrder.id} should show as completed`).toHaveAttribute("data-state", "completed");
  });

  await test.step("see the service in the inventory", async () => {
    await page.getByRole("link", { name: "Services", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Services" })).toBeVisible();
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: `Service order ${shortId(doOrder.id)} item 1`, exact: true }) });
    await expect(row, `Services should list the service of DO order ${doOrder.id}, item 1`).toHaveCount(1);
    await expect(row, "the service should name its specification").toContainText(luleaSpecification!.name);
    await expect(row.locator("[data-state]"), "the service of a completed order should be active").toHaveAttribute("data-state", "active");
  });
});

import { expect, test } from "@playwright/test";
import { account, credentials, platform } from "../platform";
import { runSuffix, signIn, tmfList } from "../portals";

// A domain owner adds a lifecycle rule in the DO portal, an order that breaks
// it is rejected with the rule's message, and the firing shows in the domain's
// timeline. The rule is deleted at the end, so other tests can order the
// specification freely.

const domainId = "central-macedonia";
const domainUrl = platform.doUrl(2);
const serviceOrderPath = "/tmf-api/serviceOrdering/v4/serviceOrder";

interface SpecificationSummary extends Record<string, unknown> {
  id: string;
  name: string;
  lifecycleStatus?: string;
  specCharacteristic?: { name: string }[];
}

test("lifecycle rule rejects an order and shows in the timeline", async ({ page, request }) => {
  const doToken = credentials().apiTokens[`do-${domainId}`]!;
  const specifications = await tmfList<SpecificationSummary>(request, `${domainUrl}/tmf-api/serviceCatalogManagement/v4/serviceSpecification?lifecycleStatus=Active&limit=200`, doToken);
  const specification = specifications.find((candidate) => candidate.specCharacteristic?.some((characteristic) => characteristic.name === "replicas"));
  expect(specification, `the ${domainId} DO should offer an active specification with a replicas characteristic`).toBeDefined();
  const ruleName = `Replica limit ${runSuffix()}`;
  const rulesUrl = `${domainUrl}/catalog/specifications/${specification!.id}/rules`;

  await test.step("sign in as the domain owner and open the specification's rules", async () => {
    await signIn(page, domainUrl, account("domainOwner", `do-${domainId}`), `/catalog/specifications/${specification!.id}/rules`);
    await expect(page.getByRole("heading", { level: 1, name: `Lifecycle rules · ${specification!.name}` })).toBeVisible();
  });

  await test.step("test a condition that does not parse", async () => {
    await page.getByLabel("Condition").last().fill("replicas >> 5");
    await page.getByRole("button", { name: "Test condition" }).click();
    await expect(page.getByRole("alert").filter({ hasText: 'Unexpected ">"' })).toContainText("at position 11");
  });

  await test.step("add the rule", async () => {
    await page.getByLabel("Name").fill(ruleName);
    await page.getByLabel("Checkpoint").selectOption("beforeProvisioning");
    await page.getByLabel("Condition").first().fill("replicas > 5");
    await page.getByLabel("Action").selectOption("reject");
    await page.getByLabel("Message").fill("At most 5 replicas");
    await page.getByRole("button", { name: "Add rule" }).click();
    await expect(page.getByRole("status").filter({ hasText: `Rule “${ruleName}” added.` })).toBeVisible();
    const row = page.getByRole("row").filter({ hasText: ruleName });
    await expect(row).toContainText("replicas > 5");
    await expect(row).toContainText('reject("At most 5 replicas")');
  });

  await test.step("an order above 5 replicas is rejected with the rule's message", async () => {
    const response = await request.post(`${domainUrl}${serviceOrderPath}`, {
      headers: { Authorization: `Bearer ${doToken}` },
      data: {
        serviceOrderItem: [{ id: "1", action: "add", service: { serviceSpecification: { id: specification!.id }, serviceCharacteristic: [{ name: "replicas", value: 6 }] } }],
      },
      failOnStatusCode: false,
    });
    const body = (await response.json()) as { status: string; message: string };
    expect(response.status(), `POST serviceOrder answered ${response.status()}: ${JSON.stringify(body)}`).toBe(422);
    expect(body.message).toBe(`serviceOrderItem "1": At most 5 replicas (rule "${ruleName}")`);
  });

  await test.step("the firing shows in the timeline", async () => {
    await page.goto(`${domainUrl}/timeline?kind=ruleFiring`);
    const row = page.getByRole("row").filter({ hasText: `Rule "${ruleName}" (beforeProvisioning): Rejected: At most 5 replicas` });
    await expect(row).toHaveCount(1);
  });

  await test.step("disable, then delete the rule", async () => {
    await page.goto(rulesUrl);
    const row = page.getByRole("row").filter({ hasText: ruleName });
    await row.getByRole("button", { name: `Disable ${ruleName}` }).click();
    await expect(row.locator("[data-state]")).toHaveAttribute("data-state", "Inactive");
    await row.getByRole("button", { name: `Delete ${ruleName}` }).click();
    await expect(page.getByRole("row").filter({ hasText: ruleName })).toHaveCount(0);
  });
});

import { expect, test } from "@playwright/test";
import { account, credentials, platform } from "../platform";
import { runSuffix, signIn, tmfList } from "../portals";

// A domain owner connects a CSV source in the Preveza DO portal and finds the
// dataset in the catalogue. The ESO imports its Data-as-a-Service
// specification, and the Valencia domain orders it in the ESO marketplace
// with the hash of a token it generated. Valencia's owner is denied before the
// order and reads the entities after it, from the Valencia DO portal.

const prevezaUrl = platform.doUrl(3);
const valenciaUrl = platform.doUrl(1);

test("domain shares dataset with another domain", async ({ page, request }) => {
  const suffix = runSuffix();
  const entityType = `DigestateSample${suffix}`;
  const title = `Digestate lab samples ${suffix}`;
  const specificationName = `${title} (Data-as-a-Service)`;
  const esoToken = credentials().apiTokens.eso!;
  const prevezaToken = credentials().apiTokens["do-preveza"]!;

  await test.step("Preveza owner creates a dataset", async () => {
    await signIn(page, prevezaUrl, account("domainOwner", "do-preveza"), "/data");
    await expect(page.getByRole("heading", { level: 1, name: "Data" })).toBeVisible();
    const form = page.getByRole("form", { name: "New dataset" });
    await form.getByLabel("Title").fill(title);
    await form.getByLabel("NGSI-LD entity type").fill(entityType);
    await form.getByLabel("Description").fill("Dry matter and ammonium of digestate samples from the Preveza biogas plant laboratory.");
    await form.getByLabel("Keywords").fill("biogas, digestate");
    await form.getByLabel("Pipeline (JSON)").fill("[{");
    await form.getByRole("button", { name: "Create dataset" }).click();
    await expect(form.getByRole("alert"), "an invalid pipeline should be rejected").toBeVisible();
    await expect(form.getByLabel("Title"), "the title should stay after the error").toHaveValue(title);
    await expect(form.getByLabel("Keywords"), "the keywords should stay after the error").toHaveValue("biogas, digestate");
    await form.getByLabel("Pipeline (JSON)").fill("");
    await form.getByRole("button", { name: "Create dataset" }).click();
    await expect(page, "creating the dataset should open its page").toHaveURL(/\/data\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  });

  await test.step("connects a CSV source and uploads a file", async () => {
    const form = page.getByRole("form", { name: "Add connector" });
    await form.getByLabel("Name").fill("Lab export");
    await form.getByLabel("Id column").fill("sample");
    await form.getByLabel("Time column").fill("takenAt");
    await form.getByLabel("Id prefix").fill(`urn:ngsi-ld:${entityType}:`);
    await form.getByRole("button", { name: "Add connector" }).click();
    await expect(page.getByRole("status").filter({ hasText: 'Connector "Lab export" added.' })).toBeVisible();

    const csv = [
      "sample,takenAt,dryMatter,ammonium",
      "lab-001,2026-05-01T08:00:00Z,6.1,2.4",
      "lab-002,2026-05-01T08:00:00Z,5.8,2.6",
      "lab-003,2026-05-01T08:00:00Z,6.4,2.2",
      "lab-004,2026-05-01T08:00:00Z,n/a,2.3",
    ].join("\n");
    const upload = page.getByRole("form", { name: "Upload CSV to Lab export" });
    await upload.locator('input[type="file"]').setInputFiles({ name: "samples.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await upload.getByRole("button", { name: "Upload" }).click();
    await expect(upload.getByRole("status"), "the upload should report stored and rejected lines").toContainText("samples.csv: 3 records of 3 entities stored, 1 rejected");
    await page.reload();
    const rejected = page.getByRole("table", { name: "Rejected records" });
    await expect(rejected.getByRole("cell").filter({ hasText: 'dryMatter "n/a" is not a number' })).toBeVisible();
  });

  await test.step("sees the dataset in the catalogues", async () => {
    await page.getByRole("link", { name: "Data", exact: true }).click();
    await expect(page.getByRole("table", { name: "Datasets" }).getByRole("link", { name: title })).toBeVisible();
    await page.getByRole("link", { name: "Service catalogue", exact: true }).click();
    await expect(page.getByRole("link", { name: specificationName })).toBeVisible();
  });

  let esoSpecificationId = "";
  await test.step("ESO imports the DaaS specification", async () => {
    const offered = await tmfList<{ id: string; name: string }>(request, `${prevezaUrl}/tmf-api/serviceCatalogManagement/v4/serviceSpecification?limit=200&name=${encodeURIComponent(specificationName)}`, prevezaToken);
    expect(offered, `the Preveza DO should offer ${specificationName}`).toHaveLength(1);
    const peersResponse = await request.get(`${platform.eso}/api/peers`, { headers: { Authorization: `Bearer ${esoToken}` } });
    const peers = (await peersResponse.json()) as { id: string; endpoint: string }[];
    const peer = peers.find((candidate) => candidate.endpoint.replace(/\/+$/, "") === prevezaUrl);
    expect(peer, "the ESO should be peered with the Preveza DO").toBeTruthy();
    const response = await request.post(`${platform.eso}/api/peers/${peer!.id}/import`, {
      headers: { Authorization: `Bearer ${esoToken}` },
      data: { specificationIds: [offered[0]!.id], catalog: { name: `Preveza data ${suffix}` }, category: { name: `Shared data ${suffix}` } },
      failOnStatusCode: false,
    });
    const body = await response.text();
    expect(response.ok(), `the import should succeed: ${body.slice(0, 300)}`).toBe(true);
    const imported = (JSON.parse(body) as { specifications: { id: string }[] }).specifications;
    expect(imported, "the import should create one marketplace specification").toHaveLength(1);
    esoSpecificationId = imported[0]!.id;
  });

  const valencia = await page.context().browser()!.newPage();
  let token = "";
  let tokenSha256 = "";
  await test.step("Valencia owner is denied before ordering", async () => {
    await signIn(valencia, valenciaUrl, account("domainOwner", "do-valencia"), "/data/shared");
    await valencia.getByRole("button", { name: "Generate an access token" }).click();
    await expect(valencia.getByTestId("access-token")).not.toBeEmpty();
    token = (await valencia.getByTestId("access-token").innerText()).trim();
    tokenSha256 = (await valencia.getByTestId("access-token-sha256").innerText()).trim();
    expect(tokenSha256).toMatch(/^[0-9a-f]{64}$/);

    const form = valencia.getByRole("form", { name: "Read a shared dataset" });
    await form.getByLabel("NGSI-LD endpoint").fill(`${prevezaUrl}/ngsi-ld/v1`);
    await form.getByLabel("Entity type").fill(entityType);
    await form.getByLabel("Access token").fill(token);
    await form.getByRole("button", { name: "Read entities" }).click();
    await expect(valencia.getByRole("alert").filter({ hasText: "denied access" }), "the token should be denied before the order").toBeVisible();
  });

  await test.step("Valencia orders the dataset in the ESO marketplace", async () => {
    await signIn(page, platform.eso, account("platformAdmin", "eso"), `/marketplace/${esoSpecificationId}`);
    await expect(page.getByRole("heading", { level: 1, name: specificationName })).toBeVisible();
    await page.getByLabel("consumerParty").fill("valencia");
    await page.getByLabel("accessTokenSha256").fill(tokenSha256);
    await page.getByRole("button", { name: "Place order" }).click();
    await expect(page, "placing the order should open its page").toHaveURL(/\/orders\/[^/]+$/, { timeout: 30_000 });
    const orderId = page.url().split("/").pop()!;
    await expect
      .poll(
        async () => {
          const response = await request.get(`${platform.eso}/tmf-api/serviceOrdering/v4/serviceOrder/${orderId}`, { headers: { Authorization: `Bearer ${esoToken}` } });
          return ((await response.json()) as { state?: string }).state;
        },
        { message: `ESO order ${orderId} should reach completed`, timeout: 60_000 },
      )
      .toBe("completed");
  });

  await test.step("Valencia owner reads the shared entities", async () => {
    const form = valencia.getByRole("form", { name: "Read a shared dataset" });
    await expect(form.getByLabel("NGSI-LD endpoint"), "the form should keep the endpoint after a read").toHaveValue(`${prevezaUrl}/ngsi-ld/v1`);
    await form.getByLabel("Access token").fill(token);
    await form.getByRole("button", { name: "Read entities" }).click();
    const table = valencia.getByRole("table", { name: "Shared entities" });
    await expect(table).toBeVisible();
    for (const sample of ["lab-001", "lab-002", "lab-003"]) {
      await expect(table.getByRole("cell", { name: `urn:ngsi-ld:${entityType}:${sample}`, exact: true })).toBeVisible();
    }
    await expect(table.getByRole("row"), "the three stored samples and the header").toHaveCount(4);
  });
  await valencia.close();
});

import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { startFabricClient, type FabricClient } from "../fabric-client";
import { account, credentials, platform } from "../platform";
import { fillDomainOwnerAccountForm, runSuffix, signIn } from "../portals";

// The whole platform expansion on the stand-ins: a platform admin creates a
// domain owner's account and binds the simulated fabric; the domain owner
// creates a fabric identity, runs the fabric client with its token,
// registers a cluster and orders a Domain Orchestrator, whose services then
// appear in the ESO marketplace and whose domain appears on the map.

const oulu = { place: "Oulu", latitude: "65.0121", longitude: "25.4651" };

let fabricClient: FabricClient | undefined;

test.afterAll(() => {
  // Stops only the client this test started, by its process id.
  fabricClient?.stop();
});

async function expectState(page: Page, row: string, state: string, timeout: number, description: string) {
  await expect(page.locator(row).locator(`[data-state="${state}"]`), description).toBeVisible({ timeout });
}

test("domain owner onboards a new domain", async ({ page, browser }) => {
  test.setTimeout(300_000);
  const suffix = runSuffix();
  const identityName = `oulu-${suffix}`;
  const domainName = `Oulu Harbour ${suffix}`;
  const clusterName = `oulu-k8s-${suffix}`;
  const ownerEmail = `aino.${suffix}@oulu-harbour.example`;
  const fabricAccount = credentials().simulatedFabric;
  expect(fabricAccount, "credentials.json should contain the simulated fabric controller's account").toBeTruthy();
  let ownerPassword = "";

  await test.step("step 0: the platform admin creates the domain owner's account", async () => {
    await signIn(page, platform.eso, account("platformAdmin", "eso"));
    await page.getByRole("link", { name: "Accounts", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Domain owner accounts" })).toBeVisible();
    await fillDomainOwnerAccountForm(page, { name: "Aino Virtanen", email: ownerEmail, purpose: "Edge cluster of the Oulu harbour", organizationName: `Oulu Harbour Oy ${suffix}` });
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByTestId("created-email")).toHaveText(ownerEmail);
    ownerPassword = (await page.getByTestId("created-password").textContent()) ?? "";
    expect(ownerPassword.length, "the new account's password is shown once").toBeGreaterThan(12);
  });

  await test.step("the platform admin binds the simulated fabric", async () => {
    await page.getByRole("link", { name: "Fabric", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Secure Integration Fabric" })).toBeVisible();
    await page.getByRole("textbox", { name: "Name", exact: true }).fill(`COP-PILOT SIF ${suffix}`);
    await page.getByRole("textbox", { name: "Username" }).fill(fabricAccount!.username);
    await page.getByLabel("Password").fill(fabricAccount!.password);
    await page.getByRole("textbox", { name: "New organization name" }).fill(`SIF operator ${suffix}`);
    await page.getByRole("button", { name: "Bind fabric network" }).click();
    await expect(page.getByText(`bound fabric network "COP-PILOT SIF ${suffix}"`)).toBeVisible();
  });

  const owner = await browser.newPage();
  await test.step("step 1: the domain owner creates a fabric identity and downloads its token", async () => {
    await signIn(owner, platform.eso, { email: ownerEmail, password: ownerPassword });
    await owner.getByRole("link", { name: "Expansion", exact: true }).click();
    await expect(owner.getByRole("heading", { level: 1, name: "Platform expansion" })).toBeVisible();
    await owner.getByRole("combobox", { name: "Fabric network" }).selectOption({ label: `COP-PILOT SIF ${suffix}` });
    await owner.getByRole("textbox", { name: "Identity name" }).fill(identityName);
    await owner.getByRole("textbox", { name: "Domain name" }).fill(domainName);
    await owner.getByRole("textbox", { name: "Place" }).fill(oulu.place);
    await owner.getByRole("textbox", { name: "Latitude" }).fill(oulu.latitude);
    await owner.getByRole("textbox", { name: "Longitude" }).fill(oulu.longitude);
    await owner.getByRole("button", { name: "Create identity" }).click();
    await expectState(owner, `[data-identity="${identityName}"]`, "pendingEnrollment", 30_000, "the new identity waits for enrollment");
  });

  const tokenFile = path.join(platform.runDir, `${identityName}.jwt`);
  await test.step("step 2: the domain owner runs the fabric client with the token", async () => {
    const download = owner.waitForEvent("download");
    await owner.getByRole("link", { name: `Download ${identityName}.jwt` }).click();
    await (await download).saveAs(tokenFile);
    const client = startFabricClient(tokenFile);
    fabricClient = client;
    await expect.poll(() => client.output(), { message: "the fabric client should enroll and go online", timeout: 60_000 }).toContain("online at");
    await expectState(owner, `[data-identity="${identityName}"]`, "connected", 60_000, "the ESO marks the domain connected once the identity is online");
  });

  let orderId = "";
  await test.step("step 3: the domain owner registers a cluster", async () => {
    await owner.getByRole("textbox", { name: "Cluster name" }).fill(clusterName);
    await owner.getByRole("combobox", { name: "Connected identity" }).selectOption({ label: identityName });
    await owner.getByRole("button", { name: "Register cluster" }).click();
    await expect(owner.getByText(`Registered cluster "${clusterName}"`)).toBeVisible({ timeout: 30_000 });
    const row = owner.locator(`[data-cluster="${clusterName}"]`);
    await expect(row.getByText(`${clusterName}-worker-1`)).toBeVisible();
    await expect(row.getByRole("cell", { name: "v1.31.0-sim" })).toBeVisible();
  });

  await test.step("step 4: the domain owner orders a Domain Orchestrator", async () => {
    await owner.getByRole("link", { name: "Order a Domain Orchestrator" }).click();
    await expect(owner.getByRole("heading", { level: 1, name: "COP-PILOT Domain Orchestrator" })).toBeVisible();
    await owner.getByLabel("targetCluster").selectOption({ label: `${clusterName} (${domainName}, simulated)` });
    await owner.getByRole("button", { name: "Place order" }).click();
    await expect(owner).toHaveURL(/\/orders\/[0-9a-f-]+$/, { timeout: 30_000 });
    orderId = owner.url().split("/").pop()!;
    await owner.getByRole("link", { name: "Expansion", exact: true }).click();
    await expectState(owner, `[data-deployment]`, "completed", 180_000, "the DO is deployed and peered");
    await expect(owner.getByRole("link", { name: "View order" })).toHaveAttribute("href", `/orders/${orderId}`);
  });

  await test.step("the new domain's services are in the marketplace and on the map", async () => {
    await owner.getByRole("link", { name: "Marketplace", exact: true }).click();
    await expect(owner.getByRole("heading", { level: 1, name: "Marketplace" })).toBeVisible();
    await expect(owner.getByText(`${domainName} services`).first(), "the ESO imported the new DO's specifications into a catalogue of the domain").toBeVisible();
    await owner.getByRole("link", { name: "Map", exact: true }).click();
    await expect(owner.getByText(domainName).first()).toBeVisible();
  });

  await test.step("step 5: the new DO shows its discovered cluster", async () => {
    await owner.getByRole("link", { name: "Expansion", exact: true }).click();
    const endpoint = (await owner.locator("[data-deployment] a[href^='http']").first().getAttribute("href")) ?? "";
    const doPassword = (await owner.getByTestId("do-portal-password").textContent()) ?? "";
    const doPortal = await browser.newPage();
    await signIn(doPortal, endpoint, { email: ownerEmail, password: doPassword });
    await doPortal.goto(`${endpoint}/resources`);
    await expect(doPortal.getByText(`${clusterName}-worker-2`).first(), "the DO records each node of its cluster as a TMF639 resource").toBeVisible();
    await doPortal.close();
  });

  await test.step("stopping the fabric client disconnects the domain", async () => {
    fabricClient!.stop();
    await owner.getByRole("link", { name: "Expansion", exact: true }).click();
    // The page refreshes itself only while something is pending, so the test reloads it until the next poll shows the change.
    await expect(async () => {
      await owner.reload();
      await expectState(owner, `[data-identity="${identityName}"]`, "disconnected", 2_000, "the ESO marks the domain disconnected once the client stops");
    }).toPass({ timeout: 30_000 });
  });
  await owner.close();
});

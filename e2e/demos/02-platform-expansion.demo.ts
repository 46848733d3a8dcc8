import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { startFabricClient, type FabricClient } from "../fabric-client";
import { account, platform } from "../platform";
import { fillDomainOwnerAccountForm, signIn } from "../portals";
import { fabricNetworkName } from "./scenario";
import { workflowCamera } from "./screenshots";

// Expanding the platform to a new private domain, steps 0 to 5. The platform
// admin creates the domain owner's account (0). The domain owner requests the
// expansion with a fabric identity (1), runs the fabric client with its
// enrollment token (2), registers a compute cluster (3) and orders a Domain
// Orchestrator into it (4). The new DO discovers the cluster's resources, and
// its services reach the ESO marketplace (5). The demo uses the fabric network
// that the fabric-binding demo bound.

const domainName = "Oulu Harbour";
const identityName = "oulu-harbour";
const clusterName = "oulu-k8s";
const ownerEmail = "aino.virtanen@oulu-harbour.example";

let fabricClient: FabricClient | undefined;

test.afterAll(() => {
  // Stops only the client this demo started, by its process id.
  fabricClient?.stop();
});

function rowState(page: Page, row: string, state: string) {
  return page.locator(row).locator(`[data-state="${state}"]`);
}

test("domain owner expands the platform", async ({ page, browser }) => {
  test.setTimeout(300_000);
  const camera = workflowCamera("platform-expansion");
  let ownerPassword = "";

  await test.step("step 0: the platform admin registers the new domain owner", async () => {
    await signIn(page, platform.eso, account("platformAdmin", "eso"));
    await page.getByRole("link", { name: "Accounts", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Domain owner accounts" })).toBeVisible();
    await fillDomainOwnerAccountForm(page, { name: "Aino Virtanen", email: ownerEmail, purpose: "Edge cluster of the Oulu harbour", organizationName: "Oulu Harbour Oy" });
    await camera.capture(page, "step0-account-form");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByTestId("created-email")).toHaveText(ownerEmail);
    ownerPassword = (await page.getByTestId("created-password").textContent()) ?? "";
    expect(ownerPassword.length, "the new account's password is shown once").toBeGreaterThan(12);
    // The one-time password must not end up in a committed picture.
    await camera.capture(page, "step0-account-created", { focus: page.getByTestId("created-email"), mask: [page.getByTestId("created-password")] });
  });

  const owner = await browser.newPage();
  await test.step("step 1: the domain owner requests the expansion with a fabric identity", async () => {
    await signIn(owner, platform.eso, { email: ownerEmail, password: ownerPassword });
    await owner.getByRole("link", { name: "Expansion", exact: true }).click();
    await expect(owner.getByRole("heading", { level: 1, name: "Platform expansion" })).toBeVisible();
    await owner.getByRole("combobox", { name: "Fabric network" }).selectOption({ label: fabricNetworkName });
    await owner.getByRole("textbox", { name: "Identity name" }).fill(identityName);
    await owner.getByRole("textbox", { name: "Domain name" }).fill(domainName);
    await owner.getByRole("textbox", { name: "Place" }).fill("Oulu");
    await owner.getByRole("textbox", { name: "Latitude" }).fill("65.0121");
    await owner.getByRole("textbox", { name: "Longitude" }).fill("25.4651");
    await camera.capture(owner, "step1-identity-form");
    await owner.getByRole("button", { name: "Create identity" }).click();
    await expect(rowState(owner, `[data-identity="${identityName}"]`, "pendingEnrollment"), "the new identity waits for enrollment").toBeVisible({ timeout: 30_000 });
    await camera.capture(owner, "step1-identity-pending", { focus: owner.locator(`[data-identity="${identityName}"]`) });
  });

  await test.step("step 2: the domain owner runs the fabric client with the enrollment token", async () => {
    const tokenFile = path.join(platform.runDir, `${identityName}.jwt`);
    const download = owner.waitForEvent("download");
    await owner.getByRole("link", { name: `Download ${identityName}.jwt` }).click();
    await (await download).saveAs(tokenFile);
    const client = startFabricClient(tokenFile);
    fabricClient = client;
    await expect.poll(() => client.output(), { message: "the fabric client should enroll and go online", timeout: 60_000 }).toContain("online at");
    await expect(rowState(owner, `[data-identity="${identityName}"]`, "connected"), "the ESO marks the domain connected once the identity is online").toBeVisible({ timeout: 60_000 });
    await camera.capture(owner, "step2-identity-connected", { focus: owner.locator(`[data-identity="${identityName}"]`) });
  });

  await test.step("step 3: the domain owner registers a compute cluster", async () => {
    await owner.getByRole("textbox", { name: "Cluster name" }).fill(clusterName);
    await owner.getByRole("combobox", { name: "Connected identity" }).selectOption({ label: identityName });
    await camera.capture(owner, "step3-cluster-form", { focus: owner.getByRole("button", { name: "Register cluster" }) });
    await owner.getByRole("button", { name: "Register cluster" }).click();
    await expect(owner.getByText(`Registered cluster "${clusterName}"`)).toBeVisible({ timeout: 30_000 });
    const row = owner.locator(`[data-cluster="${clusterName}"]`);
    await expect(row.getByText(`${clusterName}-worker-1`)).toBeVisible();
    await camera.capture(owner, "step3-cluster-registered", { focus: row });
  });

  await test.step("step 4: the domain owner orders a Domain Orchestrator into the cluster", async () => {
    await owner.getByRole("link", { name: "Order a Domain Orchestrator" }).click();
    await expect(owner.getByRole("heading", { level: 1, name: "COP-PILOT Domain Orchestrator" })).toBeVisible();
    await owner.getByLabel("targetCluster").selectOption({ label: `${clusterName} (${domainName}, simulated)` });
    await camera.capture(owner, "step4-order-form");
    await owner.getByRole("button", { name: "Place order" }).click();
    await expect(owner).toHaveURL(/\/orders\/[0-9a-f-]+$/, { timeout: 30_000 });
    await camera.capture(owner, "step4-order-placed");
    await owner.getByRole("link", { name: "Expansion", exact: true }).click();
    await expect(rowState(owner, "[data-deployment]", "completed"), "the DO is deployed and peered").toBeVisible({ timeout: 180_000 });
    await camera.capture(owner, "step4-do-deployed", { focus: owner.locator("[data-deployment]").first(), mask: [owner.getByTestId("do-portal-password")] });
  });

  await test.step("step 5: the new DO discovers its cluster's resources", async () => {
    const endpoint = (await owner.locator("[data-deployment] a[href^='http']").first().getAttribute("href")) ?? "";
    const doPassword = (await owner.getByTestId("do-portal-password").textContent()) ?? "";
    expect(endpoint, "the deployment row should link to the new DO portal").toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    const doPortal = await browser.newPage();
    await signIn(doPortal, endpoint, { email: ownerEmail, password: doPassword });
    await doPortal.goto(`${endpoint}/resources`);
    await expect(doPortal.getByText(`${clusterName}-worker-2`).first(), "the DO records each node of its cluster as a TMF639 resource").toBeVisible();
    await camera.capture(doPortal, "step5-do-resources");
    await doPortal.close();
  });

  await test.step("step 5: the new domain's services are in the ESO marketplace and on the map", async () => {
    await owner.getByRole("link", { name: "Marketplace", exact: true }).click();
    await expect(owner.getByRole("heading", { level: 1, name: "Marketplace" })).toBeVisible();
    const catalog = owner.getByText(`${domainName} services`).first();
    await expect(catalog, "the ESO imported the new DO's specifications into a catalogue of the domain").toBeVisible();
    await camera.capture(owner, "step5-marketplace", { focus: catalog });
    await owner.getByRole("link", { name: "Map", exact: true }).click();
    await expect(owner.getByText(domainName).first(), "the map should show the new domain").toBeVisible();
    await expect(owner.getByText("Loading map…"), "the offline map should finish loading").toHaveCount(0);
    await camera.capture(owner, "step5-map");
  });
  await owner.close();
});

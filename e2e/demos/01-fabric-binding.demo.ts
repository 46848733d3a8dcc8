import { expect, test } from "@playwright/test";
import { account, credentials, platform } from "../platform";
import { signIn } from "../portals";
import { fabricNetworkName } from "./scenario";
import { workflowCamera } from "./screenshots";

// Binding the platform with a secure network fabric. The platform admin
// enters the fabric controller's account in the ESO portal, and the ESO signs
// in to the controller before it saves the network. A test identity then shows
// that the ESO can manage identities on it. The controller is the simulated
// stand-in that runs inside the ESO.

test("platform admin binds a fabric network", async ({ page }) => {
  const camera = workflowCamera("fabric-binding");
  const fabricAccount = credentials().simulatedFabric;
  expect(fabricAccount, "credentials.json should contain the simulated fabric controller's account").toBeTruthy();

  await test.step("the platform admin opens the fabric view of the ESO portal", async () => {
    await signIn(page, platform.eso, account("platformAdmin", "eso"));
    await page.getByRole("link", { name: "Fabric", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Secure Integration Fabric" })).toBeVisible();
    await expect(page.getByText("The ESO is bound to no fabric network"), "a fresh platform has no fabric network").toBeVisible();
    await camera.capture(page, "no-fabric-network");
  });

  await test.step("the platform admin enters the controller's account", async () => {
    await page.getByRole("textbox", { name: "Name", exact: true }).fill(fabricNetworkName);
    await page.getByRole("textbox", { name: "Username" }).fill(fabricAccount!.username);
    await page.getByLabel("Password").fill(fabricAccount!.password);
    await page.getByRole("textbox", { name: "New organization name" }).fill("SIF operator");
    await camera.capture(page, "bind-form-filled");
  });

  await test.step("the ESO signs in to the controller and lists the network", async () => {
    await page.getByRole("button", { name: "Bind fabric network" }).click();
    await expect(page.getByText(`bound fabric network "${fabricNetworkName}"`)).toBeVisible();
    const networkRow = page.getByRole("table", { name: "Fabric networks" }).getByRole("row").filter({ hasText: fabricNetworkName });
    await expect(networkRow, "the bound network should be listed once").toHaveCount(1);
    await expect(networkRow).toContainText("SIF operator");
    await camera.capture(page, "network-bound", { focus: networkRow });
  });

  const identityForm = page.locator("form").filter({ has: page.getByRole("button", { name: "Create identity" }) });
  await test.step("the platform admin creates a test identity for a domain's organization", async () => {
    await identityForm.getByRole("combobox", { name: "Fabric network" }).selectOption({ label: fabricNetworkName });
    await identityForm.getByRole("textbox", { name: "Identity name" }).fill("sif-test");
    await identityForm.getByRole("textbox", { name: "Domain name" }).fill("SIF check");
    await identityForm.getByRole("combobox", { name: "Organization", exact: true }).selectOption({ label: "Luleå Mining Domain" });
    await camera.capture(page, "test-identity-form", { focus: identityForm });
    await identityForm.getByRole("button", { name: "Create identity" }).click();
  });

  await test.step("the controller creates the identity and the ESO lists it", async () => {
    const identityRow = page.getByRole("table", { name: "Fabric identities" }).getByRole("row").filter({ hasText: "sif-test" });
    await expect(identityRow, "the test identity should be listed once").toHaveCount(1);
    await expect(identityRow).toContainText("Luleå Mining Domain");
    await expect(identityRow.locator("[data-state]"), "a new identity waits for its enrollment").toHaveAttribute("data-state", "pendingEnrollment");
    const networkRow = page.getByRole("table", { name: "Fabric networks" }).getByRole("row").filter({ hasText: fabricNetworkName });
    await expect(networkRow.getByRole("cell").nth(3), "the network should count the new identity").toHaveText("1");
    await camera.capture(page, "test-identity-created", { focus: identityRow });
  });
});

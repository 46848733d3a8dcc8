import { expect, test } from "@playwright/test";
import { account, credentials, platform } from "../platform";
import { expectSignInRejected, signIn, submitSignIn, tmfGet } from "../portals";

// Who may see what: portal pages need a session, TMF APIs need the bearer
// token of the component they belong to, and roles limit the pages.

const portalPages = [
  { portal: "BMP", url: platform.bmp, path: "/marketplace" },
  { portal: "ESO", url: platform.eso, path: "/oss" },
  { portal: "DO Luleå", url: platform.doUrl(0), path: "/catalog" },
];

for (const { portal, url, path } of portalPages) {
  test(`anonymous ${portal} ${path} redirects to sign-in`, async ({ page }) => {
    await page.goto(`${url}${path}`);
    await expect(page, `an anonymous visit to ${url}${path} should end on the sign-in page`).toHaveURL(/\/sign-in(\?|$)/);
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
    await expect(page.getByLabel("E-mail")).toBeEmpty();
  });
}

const tmfResources = [
  { name: "BMP productOffering", url: `${platform.bmp}/tmf-api/productCatalogManagement/v4/productOffering?limit=1`, component: "bmp", other: "eso" },
  { name: "ESO serviceSpecification", url: `${platform.eso}/tmf-api/serviceCatalogManagement/v4/serviceSpecification?limit=1`, component: "eso", other: "bmp" },
  { name: "DO Luleå serviceOrder", url: `${platform.doUrl(0)}/tmf-api/serviceOrdering/v4/serviceOrder?limit=1`, component: "do-lulea", other: "do-valencia" },
];

for (const resource of tmfResources) {
  test(`${resource.name} needs its component's token`, async ({ request }) => {
    const tokens = credentials().apiTokens;
    const ownToken = tokens[resource.component];
    const otherToken = tokens[resource.other];
    expect(ownToken, `credentials.json should contain an API token for ${resource.component}`).toBeTruthy();
    expect(otherToken, `credentials.json should contain an API token for ${resource.other}`).toBeTruthy();

    const cases = [
      { label: "no token", token: undefined, status: 401 },
      { label: "a made-up token", token: "cop_not_a_real_token_0000000000", status: 401 },
      { label: `the ${resource.other} token`, token: otherToken, status: 401 },
      { label: `the ${resource.component} token`, token: ownToken, status: 200 },
    ];
    for (const { label, token, status } of cases) {
      const response = await tmfGet(request, resource.url, token);
      const body = await response.text();
      expect(response.status(), `GET ${resource.url} with ${label} answered ${response.status()}: ${body.slice(0, 300)}`).toBe(status);
      if (status === 401) {
        expect(JSON.parse(body), `a 401 from ${resource.name} should carry a TMF Error body`).toMatchObject({ code: "unauthorized", status: "401", reason: expect.any(String), message: expect.any(String) });
      } else {
        expect(Array.isArray(JSON.parse(body)), `${resource.name} should return a JSON array with ${label}`).toBe(true);
        expect(response.headers()["x-total-count"], `${resource.name} should send X-Total-Count`).toMatch(/^\d+$/);
      }
    }
  });
}

const signInPortals = [
  { portal: "BMP", url: platform.bmp, role: "customer", account: "bmp" },
  { portal: "ESO", url: platform.eso, role: "platformAdmin", account: "eso" },
  { portal: "DO Luleå", url: platform.doUrl(0), role: "domainOwner", account: "do-lulea" },
];

for (const entry of signInPortals) {
  test(`${entry.portal} sign-in rejects a wrong password`, async ({ page }) => {
    const { email } = account(entry.role, entry.account);
    await submitSignIn(page, entry.url, { email, password: "not-the-password-0" });
    await expectSignInRejected(page, "E-mail or password is incorrect", "the sign-in form should show why it failed");
    await expect(page, "a failed sign-in should stay on the sign-in page").toHaveURL(/\/sign-in/);
  });
}

test("customer cannot open ESO Platform OSS", async ({ page }) => {
  const customer = account("customer", "bmp");

  await test.step("a BMP session does not open the ESO page", async () => {
    await signIn(page, platform.bmp, customer);
    await page.goto(`${platform.eso}/oss`);
    await expect(page, "a customer signed in to the BMP should be sent to the ESO's sign-in page").toHaveURL(/\/sign-in\?returnTo=%2Foss/);
    await expect(page.getByRole("heading", { name: "Platform OSS" })).toHaveCount(0);
  });

  await test.step("the customer's credentials do not sign in to the ESO", async () => {
    await submitSignIn(page, platform.eso, customer, "/oss");
    await expectSignInRejected(page, "E-mail or password is incorrect", "the ESO has no account for the BMP customer");
    await expect(page.getByRole("heading", { name: "Platform OSS" })).toHaveCount(0);
  });
});

test("service designer is denied ESO Platform OSS", async ({ page }) => {
  await signIn(page, platform.eso, account("serviceDesigner", "eso"));
  await expect(page.getByRole("link", { name: "Platform OSS" }), "Platform OSS is not in a service designer's navigation").toHaveCount(0);

  await page.goto(`${platform.eso}/oss`);
  await expect(page, "the ESO should send a service designer back to sign-in").toHaveURL(/\/sign-in\?returnTo=%2Foss&denied=1/);
  await expect(page.getByRole("alert").filter({ hasText: "Your account has no role that may open that page" })).toBeVisible();
});

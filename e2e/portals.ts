import { expect, type APIRequestContext, type APIResponse, type Locator, type Page } from "@playwright/test";

// Steps that several end-to-end tests share: signing in through a portal's
// form, calling a component's TMF API with its bearer token, and reading the
// state badges that every portal renders with `data-state`.

export interface PortalAccount {
  email: string;
  password: string;
}

/** Fills and submits the sign-in form of a portal. After a successful sign-in the portal opens `returnTo`. */
export async function submitSignIn(page: Page, portalUrl: string, account: PortalAccount, returnTo?: string): Promise<void> {
  const query = returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : "";
  await page.goto(`${portalUrl}/sign-in${query}`);
  await page.getByLabel("E-mail").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in through the portal's form and waits until the portal has left the sign-in page. */
export async function signIn(page: Page, portalUrl: string, account: PortalAccount, returnTo?: string): Promise<void> {
  await submitSignIn(page, portalUrl, account, returnTo);
  await expect(page, `signing in to ${portalUrl} as ${account.email} should leave the sign-in page`).not.toHaveURL(/\/sign-in/, { timeout: 30_000 });
}

/**
 * Waits for the sign-in form to show `message`. Fails at once with an explicit
 * message when the portal shows the Next.js error page of a failed server action instead.
 */
export async function expectSignInRejected(page: Page, message: string, description: string): Promise<void> {
  const formError = page.getByRole("alert").filter({ hasText: message });
  const errorPage = page.getByRole("heading", { name: /This page couldn.t load/ });
  await expect(formError.or(errorPage), description).toBeVisible();
  expect(await errorPage.count(), `${description}, but the portal failed with a server error at ${page.url()}; see its log`).toBe(0);
  await expect(formError, description).toBeVisible();
}

/** Sends a GET to a TMF API, without an Authorization header when `token` is undefined. */
export function tmfGet(request: APIRequestContext, url: string, token: string | undefined): Promise<APIResponse> {
  return request.get(url, { headers: token === undefined ? {} : { Authorization: `Bearer ${token}` }, failOnStatusCode: false });
}

/** Reads a TMF list reply and fails with the status and body when it is not a 200 with a JSON array. */
export async function tmfList<T extends Record<string, unknown>>(request: APIRequestContext, url: string, token: string): Promise<T[]> {
  const response = await tmfGet(request, url, token);
  const text = await response.text();
  expect(response.status(), `GET ${url} answered ${response.status()}: ${text.slice(0, 300)}`).toBe(200);
  const body: unknown = JSON.parse(text);
  expect(Array.isArray(body), `GET ${url} should return a JSON array, got: ${text.slice(0, 300)}`).toBe(true);
  return body as T[];
}

/** Returns the `data-state` values of every StateBadge inside `scope`, in document order. */
export async function badgeStates(scope: Locator): Promise<string[]> {
  return scope.locator("[data-state]").evaluateAll((badges) => badges.map((badge) => badge.getAttribute("data-state") ?? ""));
}

/** Returns the first block of a UUID, which the portals show in place of the whole id. */
export function shortId(id: string): string {
  return id.split("-")[0] ?? id;
}

/** Creates a suffix that makes the names created by one test run unique. */
export function runSuffix(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

/** Drops entries equal to the one before, so a state recorded twice in a row counts once. */
export function collapseRepeats(states: string[]): string[] {
  return states.filter((state, index) => index === 0 || state !== states[index - 1]);
}

/**
 * Chooses "New catalogue…" and "New category…" in the import form of a DO's
 * page in the ESO portal and fills in both names. The name inputs appear only
 * once React has hydrated the selects, so each choice is retried until they do.
 */
export async function chooseNewCatalogAndCategory(page: Page, catalogName: string, categoryName: string): Promise<void> {
  await expect(async () => {
    await page.getByRole("combobox", { name: "Catalogue", exact: true }).selectOption({ label: "New catalogue…" });
    await expect(page.getByRole("textbox", { name: "New catalogue name" })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await page.getByRole("textbox", { name: "New catalogue name" }).fill(catalogName);

  await expect(async () => {
    await page.getByRole("combobox", { name: "Category", exact: true }).selectOption({ label: "New category…" });
    await expect(page.getByRole("textbox", { name: "New category name" })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await page.getByRole("textbox", { name: "New category name" }).fill(categoryName);
}

/** Fills the form of the ESO's Accounts page that creates a domain owner in a new organization, without submitting it. */
export async function fillDomainOwnerAccountForm(page: Page, owner: { name: string; email: string; purpose: string; organizationName: string }): Promise<void> {
  await page.getByRole("textbox", { name: "Name", exact: true }).fill(owner.name);
  await page.getByRole("textbox", { name: "E-mail" }).fill(owner.email);
  await page.getByRole("textbox", { name: "Purpose" }).fill(owner.purpose);
  await page.getByRole("textbox", { name: "New organization name" }).fill(owner.organizationName);
}

/** Adds an integer characteristic with a closed range that stays configurable after ordering, in the service design form of either portal. */
export async function addRangeCharacteristic(page: Page, index: number, name: string, range: { from: string; to: string; default: string }): Promise<void> {
  await page.getByRole("button", { name: "Add characteristic" }).click();
  await page.getByRole("textbox", { name: `Characteristic ${index} name` }).fill(name);
  await page.getByRole("combobox", { name: `Characteristic ${index} value type` }).selectOption("integer");
  await page.getByRole("textbox", { name: `Characteristic ${index} default` }).fill(range.default);
  await page.getByRole("textbox", { name: `Characteristic ${index} from` }).fill(range.from);
  await page.getByRole("textbox", { name: `Characteristic ${index} to` }).fill(range.to);
  await page.getByRole("checkbox", { name: `Characteristic ${index} configurable` }).check();
}

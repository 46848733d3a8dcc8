import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bmpSchema } from "@cop-pilot/db";
import { createTestDatabase, stopTestServer, type TestDatabase } from "@cop-pilot/db/testing";
import { upsertAccount } from "./accounts";
import { createPortalAuth, portalSessionEnv, sessionOptions, type PortalAuthOptions } from "./portal-auth";

// The session cookie a portal sets at sign-in, read from a real sign-in on a real PostgreSQL.

let database: TestDatabase<typeof bmpSchema>;
const email = "session@cop-pilot.test";
const password = "session-test-password-0123";

beforeAll(async () => {
  database = await createTestDatabase("bmp", bmpSchema);
  await upsertAccount(database.db, { email, name: "Session Tester", password, role: "customer" });
});

afterAll(async () => {
  await database?.drop();
  await stopTestServer();
});

async function signInCookie(options: Partial<PortalAuthOptions>): Promise<{ cookie: string; expiresAt: Date }> {
  const auth = createPortalAuth({ db: database.db, secret: "session-test-secret-0123456789abcdefghij", baseURL: "http://127.0.0.1:39881", cookiePrefix: "cop-test", ...options });
  const response = await auth.api.signInEmail({ body: { email, password }, asResponse: true });
  expect(response.status).toBe(200);
  const cookie = response.headers.getSetCookie().find((candidate) => candidate.includes("session_token="));
  if (!cookie) throw new Error(`sign-in set no session cookie: ${response.headers.getSetCookie().join(" | ")}`);
  const session = await auth.api.getSession({ headers: new Headers({ cookie: cookie.split(";")[0]! }) });
  return { cookie, expiresAt: new Date(session!.session.expiresAt) };
}

function attribute(cookie: string, name: string): string | undefined {
  for (const part of cookie.split(";").slice(1)) {
    const [key, value] = part.trim().split("=");
    if (key!.toLowerCase() === name.toLowerCase()) return value ?? "";
  }
  return undefined;
}

describe("portal session cookie", () => {
  it("is httpOnly and SameSite=Lax over HTTP", async () => {
    const { cookie } = await signInCookie({});
    expect(cookie.startsWith("cop-test.session_token=")).toBe(true);
    expect(attribute(cookie, "HttpOnly")).toBe("");
    expect(attribute(cookie, "SameSite")).toBe("Lax");
    expect(attribute(cookie, "Secure")).toBeUndefined();
    expect(attribute(cookie, "Path")).toBe("/");
  });

  it("is Secure when PUBLIC_URL is https", async () => {
    const { cookie } = await signInCookie({ baseURL: "https://portal.example.test" });
    // better-auth marks secure cookies with the __Secure- name prefix as well.
    expect(cookie.startsWith("__Secure-cop-test.session_token=")).toBe(true);
    expect(attribute(cookie, "Secure")).toBe("");
    expect(attribute(cookie, "HttpOnly")).toBe("");
  });

  it("takes SameSite=Strict and the lifetime from the environment", async () => {
    const settings = {
      SESSION_EXPIRES_IN_SECONDS: portalSessionEnv.SESSION_EXPIRES_IN_SECONDS.parse("3600"),
      SESSION_UPDATE_AGE_SECONDS: portalSessionEnv.SESSION_UPDATE_AGE_SECONDS.parse("600"),
      SESSION_COOKIE_SAME_SITE: portalSessionEnv.SESSION_COOKIE_SAME_SITE.parse("strict"),
    };
    const before = Date.now();
    const { cookie, expiresAt } = await signInCookie(sessionOptions(settings));
    expect(attribute(cookie, "SameSite")).toBe("Strict");
    expect(attribute(cookie, "Max-Age")).toBe("3600");
    expect(expiresAt.getTime()).toBeGreaterThanOrEqual(before + 3600_000 - 1000);
    expect(expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 3600_000 + 1000);
  });

  it("lasts 12 hours by default", async () => {
    const { cookie } = await signInCookie({});
    expect(attribute(cookie, "Max-Age")).toBe(String(12 * 60 * 60));
  });

  it("rejects an unknown SameSite value", () => {
    expect(portalSessionEnv.SESSION_COOKIE_SAME_SITE.safeParse("none").success).toBe(false);
  });
});

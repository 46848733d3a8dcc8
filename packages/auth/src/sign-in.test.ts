import { describe, expect, it } from "vitest";
import type { PortalAuth } from "./portal-auth";
import { signInWithForm } from "./sign-in";

/** Creates a portal auth whose sign-in accepts only `password` and counts the calls that reach it. */
function fakeAuth() {
  const calls = { count: 0 };
  const auth = {
    api: {
      signInEmail: async ({ body }: { body: { password: string } }) => {
        calls.count += 1;
        if (body.password !== "password") throw Object.assign(new Error("Invalid email or password"), { statusCode: 401 });
        return {};
      },
    },
  } as unknown as PortalAuth;
  return { auth, calls };
}

const noProxy = { trustedProxyCount: 0 };
const oneProxy = { trustedProxyCount: 1 };

function form(email: string, password: string): FormData {
  const data = new FormData();
  data.set("email", email);
  data.set("password", password);
  return data;
}

describe("signInWithForm rate limits", () => {
  it("blocks an account after five failures, before checking the password", async () => {
    const { auth, calls } = fakeAuth();
    for (let i = 0; i < 5; i += 1) {
      expect(await signInWithForm(auth, form("guessed@cop-pilot.test", "wrong"), new Headers(), noProxy)).toEqual({ error: "E-mail or password is incorrect" });
    }
    const blocked = await signInWithForm(auth, form("Guessed@cop-pilot.test", "password"), new Headers(), noProxy);
    expect(blocked).toEqual({ error: "Too many sign-in attempts; try again in 15 minutes" });
    expect(calls.count).toBe(5);
  });

  it("clears an account's failures when it signs in", async () => {
    const { auth } = fakeAuth();
    for (let i = 0; i < 4; i += 1) await signInWithForm(auth, form("forgetful@cop-pilot.test", "wrong"), new Headers(), noProxy);
    expect(await signInWithForm(auth, form("forgetful@cop-pilot.test", "password"), new Headers(), noProxy)).toEqual({ returnTo: "/" });
    for (let i = 0; i < 4; i += 1) await signInWithForm(auth, form("forgetful@cop-pilot.test", "wrong"), new Headers(), noProxy);
    expect(await signInWithForm(auth, form("forgetful@cop-pilot.test", "password"), new Headers(), noProxy)).toEqual({ returnTo: "/" });
  });

  it("limits one proxied client address across accounts", async () => {
    const { auth } = fakeAuth();
    const headers = new Headers({ "x-forwarded-for": "10.0.0.1, 203.0.113.7" });
    for (let i = 0; i < 30; i += 1) await signInWithForm(auth, form(`user${i}@cop-pilot.test`, "wrong"), headers, oneProxy);
    expect(await signInWithForm(auth, form("someone@cop-pilot.test", "password"), headers, oneProxy)).toEqual({ error: "Too many sign-in attempts; try again in 1 minute" });
    expect(await signInWithForm(auth, form("someone@cop-pilot.test", "password"), new Headers({ "x-forwarded-for": "198.51.100.2" }), oneProxy)).toEqual({ returnTo: "/" });
  });

  it("ignores entries the client wrote before the proxy's", async () => {
    const { auth } = fakeAuth();
    for (let i = 0; i < 30; i += 1) {
      await signInWithForm(auth, form(`forger${i}@cop-pilot.test`, "wrong"), new Headers({ "x-forwarded-for": `192.0.2.${i}, 203.0.113.44` }), oneProxy);
    }
    // A fresh forged first entry does not make a fresh client: the proxy saw 203.0.113.44 each time.
    const forged = new Headers({ "x-forwarded-for": "192.0.2.200, 203.0.113.44" });
    expect(await signInWithForm(auth, form("forger@cop-pilot.test", "password"), forged, oneProxy)).toEqual({ error: "Too many sign-in attempts; try again in 1 minute" });
  });

  it("counts from the end with two proxies", async () => {
    const { auth } = fakeAuth();
    for (let i = 0; i < 30; i += 1) {
      await signInWithForm(auth, form(`chain${i}@cop-pilot.test`, "wrong"), new Headers({ "x-forwarded-for": `192.0.2.${i}, 203.0.113.55, 10.0.0.${i}` }), { trustedProxyCount: 2 });
    }
    const chained = new Headers({ "x-forwarded-for": "203.0.113.55, 10.0.0.99" });
    expect(await signInWithForm(auth, form("chain@cop-pilot.test", "password"), chained, { trustedProxyCount: 2 })).toEqual({ error: "Too many sign-in attempts; try again in 1 minute" });
  });

  it("has no address limit without trusted proxies", async () => {
    const { auth, calls } = fakeAuth();
    const headers = new Headers({ "x-forwarded-for": "203.0.113.66" });
    for (let i = 0; i < 31; i += 1) await signInWithForm(auth, form(`open${i}@cop-pilot.test`, "wrong"), headers, noProxy);
    expect(calls.count).toBe(31);
    expect(await signInWithForm(auth, form("open@cop-pilot.test", "password"), headers, noProxy)).toEqual({ returnTo: "/" });
  });
});

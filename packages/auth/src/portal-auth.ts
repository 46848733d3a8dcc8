import { betterAuth } from "better-auth";
import { z } from "zod";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { nextCookies } from "better-auth/next-js";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as authSchema from "@cop-pilot/db/schema/auth";

export interface PortalAuthOptions {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: PgDatabase<PgQueryResultHKT, any, any>;
  secret: string;
  baseURL: string;
  /**
   * Prefix of the session cookie. Browsers share cookies between ports of the
   * same host, so each portal on 127.0.0.1 needs a prefix of its own.
   */
  cookiePrefix: string;
  /** Sets the Secure flag on cookies; true whenever the portal is served over HTTPS. */
  secureCookies?: boolean;
  /**
   * SameSite attribute of the cookies. With "lax" (the default), a user who
   * follows a link from another site stays signed in. With "strict", the
   * browser sends the cookie on no request that another site starts.
   */
  sameSite?: "lax" | "strict";
  /** Lifetime of a session without activity, in seconds; 12 hours by default. */
  sessionExpiresInSeconds?: number;
  /** A request on a session older than this many seconds extends it by the lifetime; 1 hour by default. */
  sessionUpdateAgeSeconds?: number;
}

export const defaultSessionExpiresInSeconds = 60 * 60 * 12;
export const defaultSessionUpdateAgeSeconds = 60 * 60;

/** Creates the better-auth instance of one portal: e-mail and password sign-in, no self sign-up. */
export function createPortalAuth(options: PortalAuthOptions) {
  return betterAuth({
    secret: options.secret,
    baseURL: options.baseURL,
    database: drizzleAdapter(options.db, { provider: "pg", schema: authSchema }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12 },
    user: {
      additionalFields: {
        role: { type: "string", required: true, defaultValue: "customer", input: false },
        organizationId: { type: "string", required: false, input: false },
      },
    },
    session: {
      expiresIn: options.sessionExpiresInSeconds ?? defaultSessionExpiresInSeconds,
      updateAge: options.sessionUpdateAgeSeconds ?? defaultSessionUpdateAgeSeconds,
    },
    rateLimit: { enabled: true, window: 60, max: 100, customRules: { "/sign-in/email": { window: 60, max: 10 } } },
    advanced: {
      cookiePrefix: options.cookiePrefix,
      useSecureCookies: options.secureCookies ?? options.baseURL.startsWith("https:"),
      // Scripts of the page never need the session cookie, so an XSS flaw cannot read it.
      defaultCookieAttributes: { httpOnly: true, sameSite: options.sameSite ?? "lax" },
      database: { generateId: () => crypto.randomUUID() },
    },
    telemetry: { enabled: false },
    plugins: [nextCookies()],
  });
}

export type PortalAuth = ReturnType<typeof createPortalAuth>;

/** Environment settings of the portal sessions, for an app's env.ts to merge into its schema. */
export const portalSessionEnv = {
  /** Lifetime of a session without activity, in seconds. */
  SESSION_EXPIRES_IN_SECONDS: z.coerce.number().int().min(300).default(defaultSessionExpiresInSeconds),
  /** Age in seconds after which a request extends its session. */
  SESSION_UPDATE_AGE_SECONDS: z.coerce.number().int().min(60).default(defaultSessionUpdateAgeSeconds),
  /** SameSite attribute of the session cookie: lax or strict. */
  SESSION_COOKIE_SAME_SITE: z.enum(["lax", "strict"]).default("lax"),
};

export type PortalSessionSettings = { [K in keyof typeof portalSessionEnv]: z.infer<(typeof portalSessionEnv)[K]> };

/** Maps the session settings of an app's environment to createPortalAuth's options. */
export function sessionOptions(settings: PortalSessionSettings): Pick<PortalAuthOptions, "sameSite" | "sessionExpiresInSeconds" | "sessionUpdateAgeSeconds"> {
  return {
    sameSite: settings.SESSION_COOKIE_SAME_SITE,
    sessionExpiresInSeconds: settings.SESSION_EXPIRES_IN_SECONDS,
    sessionUpdateAgeSeconds: settings.SESSION_UPDATE_AGE_SECONDS,
  };
}

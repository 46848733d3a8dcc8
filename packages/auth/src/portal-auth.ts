import { betterAuth } from "better-auth";
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
}

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
    session: { expiresIn: 60 * 60 * 12, updateAge: 60 * 60 },
    rateLimit: { enabled: true, window: 60, max: 100, customRules: { "/sign-in/email": { window: 60, max: 10 } } },
    advanced: {
      cookiePrefix: options.cookiePrefix,
      useSecureCookies: options.secureCookies ?? options.baseURL.startsWith("https:"),
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
      database: { generateId: () => crypto.randomUUID() },
    },
    telemetry: { enabled: false },
    plugins: [nextCookies()],
  });
}

export type PortalAuth = ReturnType<typeof createPortalAuth>;

import { clientAddressBehindProxies } from "@cop-pilot/tmf-server";
import { z } from "zod";
import { AttemptLimiter } from "./attempt-limiter";
import type { PortalAuth } from "./portal-auth";

const signInInput = z.object({
  email: z.string().trim().email("Enter a valid e-mail address"),
  password: z.string().min(1, "Enter your password"),
  returnTo: z.string().default("/"),
});

/** Returns `path` when it is a path on this site, or "/"; a sign-in form must not redirect elsewhere. */
export function safeReturnPath(path: string | undefined): string {
  return path && path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\") ? path : "/";
}

// Against password guessing: 5 failures per account in 15 minutes, and 30
// attempts per client address in a minute, whatever the accounts tried. The
// limiters live on globalThis because Next.js may load this module in more
// than one bundle of the same process.
const globalForLimits = globalThis as unknown as { signInLimits?: { failuresPerAccount: AttemptLimiter; attemptsPerClient: AttemptLimiter } };
const { failuresPerAccount, attemptsPerClient } = (globalForLimits.signInLimits ??= {
  failuresPerAccount: new AttemptLimiter(5, 15 * 60_000),
  attemptsPerClient: new AttemptLimiter(30, 60_000),
});

/** Settings of the sign-in limits that depend on the deployment. */
export interface SignInOptions {
  /**
   * Reverse proxies in front of the portal that append to X-Forwarded-For
   * (TRUSTED_PROXY_COUNT). The client's address is found by the rule of the
   * API rate limits (`clientAddressBehindProxies`). With 0 there is no limit
   * per address: server actions do not see the socket, and one shared key
   * would let anyone lock every user out.
   */
  trustedProxyCount: number;
}

function tooMany(waitMs: number): { error: string } {
  const minutes = Math.max(1, Math.ceil(waitMs / 60_000));
  return { error: `Too many sign-in attempts; try again in ${minutes} minute${minutes === 1 ? "" : "s"}` };
}

/**
 * Signs in with the fields of a sign-in form (`email`, `password`,
 * `returnTo`). Returns the path to continue to, or the message to show; the
 * message does not tell a wrong password from an unknown account. Attempts
 * are rate limited per account and per client address.
 */
export async function signInWithForm(auth: PortalAuth, form: FormData, headers: Headers, options: SignInOptions): Promise<{ error: string } | { returnTo: string }> {
  const input = signInInput.safeParse(Object.fromEntries(form));
  if (!input.success) return { error: input.error.issues[0]?.message ?? "Invalid input" };
  const account = input.data.email.toLowerCase();
  const client = clientAddressBehindProxies(headers, options.trustedProxyCount);
  const waitMs = Math.max(failuresPerAccount.waitMs(account), client ? attemptsPerClient.waitMs(client) : 0);
  if (waitMs > 0) return tooMany(waitMs);
  if (client) attemptsPerClient.record(client);
  try {
    await auth.api.signInEmail({ body: { email: input.data.email, password: input.data.password }, headers });
  } catch (error) {
    const statusCode = rejectionStatus(error);
    if (statusCode === 429) return tooMany(60_000);
    if (statusCode !== undefined) {
      failuresPerAccount.record(account);
      return { error: "E-mail or password is incorrect" };
    }
    throw error;
  }
  failuresPerAccount.reset(account);
  return { returnTo: safeReturnPath(input.data.returnTo) };
}

/**
 * Returns the HTTP status of a better-auth rejection (4xx), or undefined for
 * any other error. It reads the status instead of testing `instanceof
 * APIError`, because Next.js bundles route handlers and server actions
 * separately and each bundle has its own copy of the class.
 */
function rejectionStatus(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const statusCode = (error as { statusCode?: unknown }).statusCode;
  return typeof statusCode === "number" && statusCode >= 400 && statusCode < 500 ? statusCode : undefined;
}

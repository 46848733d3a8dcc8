import { z } from "zod";
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

/**
 * Signs in with the fields of a sign-in form (`email`, `password`,
 * `returnTo`). Returns the path to continue to, or the message to show; the
 * message does not tell a wrong password from an unknown account.
 */
export async function signInWithForm(auth: PortalAuth, form: FormData, headers: Headers): Promise<{ error: string } | { returnTo: string }> {
  const input = signInInput.safeParse(Object.fromEntries(form));
  if (!input.success) return { error: input.error.issues[0]?.message ?? "Invalid input" };
  try {
    await auth.api.signInEmail({ body: { email: input.data.email, password: input.data.password }, headers });
  } catch (error) {
    const statusCode = rejectionStatus(error);
    if (statusCode === 429) return { error: "Too many sign-in attempts; wait a minute and try again" };
    if (statusCode !== undefined) return { error: "E-mail or password is incorrect" };
    throw error;
  }
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

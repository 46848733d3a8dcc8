import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { Role } from "@cop-pilot/tmf-server";
import { authenticate } from "./auth";

export type SessionUser = { id: string; name: string; email: string; role: Role; organizationId: string | null };

/** Returns the signed-in user, or null. */
export async function currentUser(): Promise<SessionUser | null> {
  const principal = await authenticate(new Request("http://portal.local/", { headers: await headers() }));
  if (!principal || principal.kind !== "user") return null;
  return { id: principal.id, name: principal.name, email: principal.email, role: principal.role, organizationId: principal.organizationId ?? null };
}

/** Returns the signed-in user with one of `roles`; sends anyone else to the sign-in page. */
export async function requireUser(roles: readonly Role[], returnTo = "/"): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
  if (!roles.includes(user.role)) redirect(`/sign-in?returnTo=${encodeURIComponent(returnTo)}&denied=1`);
  return user;
}

import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { Principal, Role } from "@cop-pilot/tmf-server";
import { authenticate } from "./auth";
import { portalRoles } from "./tmf/access";

export type SessionUser = { id: string; name: string; email: string; role: Role };

/** Returns the signed-in user, or null. */
export async function currentUser(): Promise<SessionUser | null> {
  const principal = await authenticate(new Request("http://portal.local/", { headers: await headers() }));
  if (!principal || principal.kind !== "user") return null;
  return { id: principal.id, name: principal.name, email: principal.email, role: principal.role };
}

/** Returns the signed-in user with one of `roles`; sends anyone else to the sign-in page. */
export async function requireUser(roles: readonly Role[], returnTo = "/"): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
  if (!roles.includes(user.role)) redirect(`/sign-in?returnTo=${encodeURIComponent(returnTo)}&denied=1`);
  return user;
}

/** Returns the signed-in user of a portal page; only domain staff may open the portal. */
export async function requirePortalUser(returnTo: string): Promise<SessionUser> {
  return requireUser(portalRoles, returnTo);
}

/** Returns the signed-in user as the principal that server functions check and record in the audit log. */
export function principalOf(user: SessionUser): Principal {
  return { kind: "user", id: user.id, name: user.email, email: user.email, role: user.role };
}

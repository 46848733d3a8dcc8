import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { Principal, Role } from "@cop-pilot/tmf-server";
import { authenticate } from "./auth";

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

/** The signed-in user as the principal that the server functions check, like a TMF route handler does. */
export function principalOf(user: SessionUser): Principal {
  return { kind: "user", id: user.id, name: user.name, email: user.email, role: user.role };
}

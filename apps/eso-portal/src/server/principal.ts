import "server-only";
import type { Principal } from "@cop-pilot/tmf-server";
import type { SessionUser } from "./session";

/** Builds the principal of a signed-in portal user, for server functions that the TMF routes also call. */
export function userPrincipal(user: SessionUser): Principal {
  return { kind: "user", id: user.id, name: user.name, email: user.email, role: user.role, organizationId: user.organizationId };
}

import { timingSafeEqual } from "node:crypto";
import { roles, type Authenticator, type Role } from "@cop-pilot/tmf-server";
import type { PortalAuth } from "./portal-auth";

/** API tokens this component accepts, each with the name of the client it identifies. */
export type ApiClients = { token: string; name: string }[];

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function isRole(value: unknown): value is Role {
  return typeof value === "string" && (roles as readonly string[]).includes(value);
}

/**
 * Resolves a request's caller: an API client by its bearer token, or a
 * signed-in user by the portal's session cookie. A request that carries a
 * bearer token is judged by that token alone.
 */
export function createAuthenticator(auth: () => PortalAuth, apiClients: () => ApiClients): Authenticator {
  return async (request) => {
    const authorization = request.headers.get("authorization");
    if (authorization !== null) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
      if (!match) return null;
      const client = apiClients().find((candidate) => sameToken(candidate.token, match[1]!));
      return client ? { kind: "apiClient", id: client.name, name: client.name } : null;
    }

    const session = await auth().api.getSession({ headers: request.headers });
    if (!session) return null;
    const user = session.user as typeof session.user & { role?: unknown; organizationId?: string | null };
    if (!isRole(user.role)) return null;
    return { kind: "user", id: user.id, name: user.name, email: user.email, role: user.role, organizationId: user.organizationId ?? null };
  };
}

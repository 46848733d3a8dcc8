import { createHash } from "node:crypto";
import { z } from "zod";
import { createLogger } from "@cop-pilot/logger";
import { TmfClientError } from "@cop-pilot/tmf-client";
import type { esoSchema } from "@cop-pilot/db";

// OAuth2 password-grant login (RFC 6749, section 4.3), as OpenSlice's Keycloak
// offers it. Access tokens are cached per set of credentials until shortly
// before they expire.

const log = createLogger("peer-oauth2");

export type PeerOAuth2Credentials = esoSchema.PeerOAuth2Credentials;

const tokenReply = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive().optional(),
});

/** Seconds before the stated expiry at which a token is replaced, so that a token rarely expires while a call carries it. */
const expirySkewSeconds = 30;
/** Lifetime assumed when the token endpoint states none. */
const defaultLifetimeSeconds = 300;

const cache = new Map<string, { token: string; expiresAt: number }>();

/** Keys the cache by every credential, so that a wrong password never gets a token cached for the right one. */
function cacheKey(credentials: PeerOAuth2Credentials): string {
  return createHash("sha256")
    .update(JSON.stringify([credentials.tokenUrl, credentials.clientId, credentials.clientSecret ?? "", credentials.username, credentials.password]))
    .digest("hex");
}

/** Error of a call to a peer's OAuth2 token endpoint, rather than to the peer itself. */
export class OAuth2TokenError extends TmfClientError {
  override name = "OAuth2TokenError";
}

/** Forgets the cached token, after the peer rejected it. */
export function forgetAccessToken(credentials: PeerOAuth2Credentials): void {
  cache.delete(cacheKey(credentials));
}

/** OAuth2 error codes (RFC 6749, section 5.2) that mean the credentials are wrong, reported like a 401 from the peer. */
const rejectedCredentialCodes = new Set(["invalid_grant", "invalid_client", "unauthorized_client"]);

/**
 * Fetches an access token from the token endpoint, or returns the cached one while it is valid.
 * Throws an OAuth2TokenError: status 0 when the endpoint is unreachable, 401
 * when it rejects the credentials, 502 for a reply without a token.
 */
export async function fetchAccessToken(credentials: PeerOAuth2Credentials, timeoutMs: number): Promise<string> {
  const key = cacheKey(credentials);
  const cached = cache.get(key);
  if (cached && cached.expiresAt > Date.now()) return cached.token;

  const form = new URLSearchParams({ grant_type: "password", client_id: credentials.clientId, username: credentials.username, password: credentials.password });
  if (credentials.clientSecret) form.set("client_secret", credentials.clientSecret);
  let response: Response;
  try {
    response = await fetch(credentials.tokenUrl, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: form,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "error",
    });
  } catch (error) {
    const cause = error as Error & { cause?: { code?: string } };
    const failure = cause.name === "TimeoutError" ? "timed out" : `failed: ${cause.cause?.code ?? cause.message}`;
    throw new OAuth2TokenError(`OAuth2 token request to ${credentials.tokenUrl} ${failure}`, 0, credentials.tokenUrl);
  }

  const text = await response.text();
  let body: unknown;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const code = typeof (body as { error?: unknown })?.error === "string" ? (body as { error: string }).error : undefined;
    const status = response.status === 401 || response.status === 403 || (code !== undefined && rejectedCredentialCodes.has(code)) ? 401 : response.status;
    throw new OAuth2TokenError(`OAuth2 token request to ${credentials.tokenUrl} returned ${response.status}${code ? ` (${code})` : ""}`, status, credentials.tokenUrl);
  }
  const parsed = tokenReply.safeParse(body);
  if (!parsed.success) {
    throw new OAuth2TokenError(`OAuth2 token endpoint ${credentials.tokenUrl} returned no access_token`, 502, credentials.tokenUrl);
  }
  const lifetime = parsed.data.expires_in ?? defaultLifetimeSeconds;
  cache.set(key, { token: parsed.data.access_token, expiresAt: Date.now() + Math.max(0, lifetime - expirySkewSeconds) * 1000 });
  log.debug({ tokenUrl: credentials.tokenUrl, clientId: credentials.clientId, expiresIn: lifetime }, "OAuth2 access token obtained");
  return parsed.data.access_token;
}

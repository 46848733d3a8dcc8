import { TmfClient, TmfClientError } from "@cop-pilot/tmf-client";
import { TmfError } from "@cop-pilot/tmf-server";
import { env } from "@/env";
import { createOpenSliceAdapter } from "./dialects/openslice";
import { fetchAccessToken, forgetAccessToken, OAuth2TokenError, type PeerOAuth2Credentials } from "./dialects/oauth2";
import { createTmfAdapter } from "./dialects/tmf";
import type { PeerAdapter, PeerDialect } from "./dialects/types";

/** Endpoint, credentials and dialect of a DO: enough to call it. */
export interface PeerConnection {
  endpoint: string;
  /** Static bearer token; null when the DO issues tokens through `oauth2`. */
  apiToken: string | null;
  oauth2?: PeerOAuth2Credentials | null;
  /** Defaults to `tmf`. */
  dialect?: string;
}

/**
 * Runs `call` with a client authenticated at the DO. With OAuth2, a 401 from
 * the DO means that the token expired early or was revoked, so the call is
 * retried once with a fresh token.
 */
export async function withPeerClient<T>(peer: PeerConnection, call: (client: TmfClient) => Promise<T>): Promise<T> {
  const timeoutMs = env().PEER_REQUEST_TIMEOUT_MS;
  const clientWith = (token: string | undefined) => new TmfClient({ baseUrl: peer.endpoint, token, timeoutMs });
  if (!peer.oauth2) return call(clientWith(peer.apiToken ?? undefined));

  try {
    return await call(clientWith(await fetchAccessToken(peer.oauth2, timeoutMs)));
  } catch (error) {
    if (!(error instanceof TmfClientError) || error.status !== 401 || error instanceof OAuth2TokenError) throw error;
    forgetAccessToken(peer.oauth2);
    return call(clientWith(await fetchAccessToken(peer.oauth2, timeoutMs)));
  }
}

/** Returns the adapter of the peer's dialect: the only place where the ESO's calls to a DO differ by dialect. */
export function peerAdapter(peer: PeerConnection): PeerAdapter {
  const withClient = <T>(call: (client: TmfClient) => Promise<T>) => withPeerClient(peer, call);
  const dialect: PeerDialect = peer.dialect === "openslice" ? "openslice" : "tmf";
  return dialect === "openslice" ? createOpenSliceAdapter(withClient) : createTmfAdapter(withClient);
}

/** True when the DO, or its OAuth2 token endpoint, replied that the ESO's credentials are missing, wrong or not allowed. */
export function isCredentialsRejected(error: unknown): boolean {
  return error instanceof TmfClientError && (error.status === 401 || error.status === 403);
}

/** Describes a failed call to a DO in one sentence that names the endpoint. */
export function describePeerFailure(endpoint: string, error: unknown): string {
  if (isCredentialsRejected(error)) {
    const rejectedBy = error instanceof OAuth2TokenError ? `the OAuth2 token endpoint of the DO at ${endpoint}` : `the DO at ${endpoint}`;
    return `${rejectedBy} rejected the credentials (HTTP ${(error as TmfClientError).status}); check the API token or OAuth2 credentials`;
  }
  if (error instanceof TmfClientError && error.status === 0) {
    return `could not reach the DO at ${endpoint}: ${error.message}`;
  }
  if (error instanceof Error) return `the DO at ${endpoint} failed: ${error.message}`;
  return `the DO at ${endpoint} failed: ${String(error)}`;
}

/** Maps a failed call to a DO during an operation on an existing peer to a 502 TMF error. */
export function peerFailure(endpoint: string, error: unknown): TmfError {
  return new TmfError("badGateway", capitalise(describePeerFailure(endpoint, error)), { cause: error });
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

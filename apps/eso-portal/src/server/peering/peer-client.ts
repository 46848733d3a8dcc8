import { createServiceClient, TmfClient, TmfClientError } from "@cop-pilot/tmf-client";
import { TmfError } from "@cop-pilot/tmf-server";
import { env } from "@/env";

/** Endpoint and token of a DO: enough to call it. */
export interface PeerConnection {
  endpoint: string;
  apiToken: string;
}

export function peerTmfClient(peer: PeerConnection): TmfClient {
  return new TmfClient({ baseUrl: peer.endpoint, token: peer.apiToken, timeoutMs: env().PEER_REQUEST_TIMEOUT_MS });
}

export function peerServiceClient(peer: PeerConnection) {
  return createServiceClient(peerTmfClient(peer));
}

/** True when the DO replied that the ESO's token is missing, wrong or not allowed. */
export function isCredentialsRejected(error: unknown): boolean {
  return error instanceof TmfClientError && (error.status === 401 || error.status === 403);
}

/** Describes a failed call to a DO in one sentence that names the endpoint. */
export function describePeerFailure(endpoint: string, error: unknown): string {
  if (isCredentialsRejected(error)) {
    return `the DO at ${endpoint} rejected the credentials (HTTP ${(error as TmfClientError).status}); check the API token`;
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

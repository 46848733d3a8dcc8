import { TmfClientError } from "@cop-pilot/tmf-client";
import { TmfError } from "@cop-pilot/tmf-server";

/**
 * Maps a failed ESO call made while serving a request to the TMF error the
 * caller gets. An unknown service specification is the caller's mistake, so
 * it is a 422. Anything else is the ESO's: 503 when it cannot be reached,
 * else 502.
 */
export function esoRequestError(error: unknown, operation: string): TmfError {
  if (!(error instanceof TmfClientError)) return new TmfError("badGateway", `${operation} failed: ${(error as Error).message}`, { cause: error });
  if (error.status === 404) return new TmfError("unprocessable", `${operation} failed: the ESO does not offer it (404)`, { cause: error });
  if (error.status === 0) return new TmfError("unavailable", `${operation} failed: the ESO could not be reached (${error.message}); try again later`, { cause: error });
  return new TmfError("badGateway", `${operation} failed: ${error.message}`, { cause: error });
}

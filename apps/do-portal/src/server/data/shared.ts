import "server-only";
import { entityTypeSchema, outboundUrlProblem, resolvedUrlProblem, toKeyValues, type Entity } from "@cop-pilot/data-management";
import { TmfError } from "@cop-pilot/tmf-server";
import { z } from "zod";

// Reading a dataset that another domain shares: the portal calls that
// domain's NGSI-LD endpoint with the token the user ordered access with.

const sharedInput = z.object({
  endpoint: z
    .string()
    .trim()
    .superRefine((url, context) => {
      const problem = outboundUrlProblem(url);
      if (problem) context.addIssue({ code: "custom", message: `NGSI-LD endpoint ${problem}` });
    }),
  entityType: entityTypeSchema,
  token: z.string().trim().min(16, "The access token is missing or too short"),
});

const entityList = z.array(z.looseObject({ id: z.string(), type: z.string() }));

export interface SharedEntityRow {
  id: string;
  values: Record<string, unknown>;
}

/** Fetches the first 50 entities of `entityType` from another domain's NGSI-LD endpoint (its base URL, e.g. …/ngsi-ld/v1). */
export async function readSharedEntities(input: { endpoint: string; entityType: string; token: string }): Promise<{ rows: SharedEntityRow[]; total: number }> {
  const parsed = sharedInput.safeParse(input);
  if (!parsed.success) throw new TmfError("invalidBody", parsed.error.issues.map((issue) => issue.message).join("; "));
  const { endpoint, entityType, token } = parsed.data;
  const problem = await resolvedUrlProblem(endpoint);
  if (problem) throw new TmfError("invalidBody", `NGSI-LD endpoint ${problem}`);

  const url = `${endpoint.replace(/\/+$/, "")}/entities?type=${encodeURIComponent(entityType)}&limit=50&count=true`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: "application/json" }, redirect: "error", signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new TmfError("badGateway", `GET ${url} failed: ${(error as Error).message}`);
  }
  if (response.status === 401 || response.status === 403) throw new TmfError("forbidden", `The other domain denied access (HTTP ${response.status}): the token has no active order for this dataset`);
  if (!response.ok) throw new TmfError("badGateway", `GET ${url} returned HTTP ${response.status}`);
  const entities = entityList.safeParse(await response.json().catch(() => undefined));
  if (!entities.success) throw new TmfError("badGateway", `GET ${url} did not return a list of NGSI-LD entities`);
  const rows = entities.data.map((entity) => {
    const { id, type: _type, ...values } = toKeyValues(entity as Entity);
    return { id: String(id), values };
  });
  return { rows, total: Number(response.headers.get("NGSILD-Results-Count") ?? rows.length) };
}

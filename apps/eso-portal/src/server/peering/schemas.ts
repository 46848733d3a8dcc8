import { z } from "zod";
import { tmfApiPaths } from "@cop-pilot/tmf-schemas";
import { peerDialects } from "./dialects/types";

// Inputs of the peering operations, shared by the admin API and the portal's
// server actions. Messages read after the field's label ("Latitude must be
// between -90 and 90") in the portal, and after its path in the API.

/** Hosts of cloud metadata services; a peer endpoint must never point there. */
function isMetadataHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host.startsWith("169.254.") || host.startsWith("fe80:") || host === "fd00:ec2::254" || host === "metadata.google.internal";
}

const tmfApiNames = [...new Set(Object.values(tmfApiPaths).map((path) => path.split("/")[2]!))];

/** Matches the start of a TMF API path, such as `/tmf-api` or `/serviceCatalogManagement/v4`. */
const tmfApiPathPattern = new RegExp(`/(?:tmf-api|(?:${tmfApiNames.join("|")})/v\\d+)(?=/|$)`, "i");

/** Returns the message for a missing value, or for a value of the wrong type. */
function requiredOr(typeMessage: string) {
  return (issue: { input: unknown }) => (issue.input === undefined ? "is required" : typeMessage);
}

function requiredText(max: number) {
  return z
    .string({ error: requiredOr("must be text") })
    .trim()
    .min(1, "is required")
    .max(max, `must be at most ${max} characters`);
}

function optionalText(max: number) {
  return z.string({ error: "must be text" }).trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`).optional();
}

function degrees(limit: number) {
  const range = `must be between -${limit} and ${limit}`;
  return z.number({ error: requiredOr("must be a number of degrees") }).min(-limit, range).max(limit, range);
}

/**
 * Base URL of a DO: http or https, without credentials, query, fragment or a
 * TMF API path, because the ESO appends `/tmf-api/…` itself. Trailing slashes
 * are dropped.
 */
export const peerEndpoint = z
  .string({ error: requiredOr("must be text") })
  .trim()
  .pipe(z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL such as http://127.0.0.1:3101" }))
  .superRefine((value, context) => {
    const url = new URL(value);
    if (url.username !== "" || url.password !== "") context.addIssue({ code: "custom", message: "must not contain credentials; send them as apiToken" });
    if (url.search !== "" || url.hash !== "") context.addIssue({ code: "custom", message: "must not contain a query or fragment" });
    if (isMetadataHost(url.hostname)) context.addIssue({ code: "custom", message: `must not point at the link-local or metadata address ${url.hostname}` });
    const apiPath = tmfApiPathPattern.exec(url.pathname);
    if (apiPath) {
      const base = `${url.origin}${url.pathname.slice(0, apiPath.index)}`.replace(/\/+$/, "");
      context.addIssue({ code: "custom", message: `must be the DO's base URL without /tmf-api: enter ${base}` });
    }
  })
  .transform((value) => value.replace(/\/+$/, ""));

/**
 * Builds the schema of a choice between an existing entity, by `id`, and the
 * attributes of a new one. Exactly one of the two must be given.
 */
function existingOrNew<TShape extends z.ZodRawShape>(kind: string, fields: TShape) {
  return z
    .object({ id: z.string().trim().min(1).optional(), ...fields })
    .superRefine((value, context) => {
      const hasId = (value as { id?: unknown }).id !== undefined;
      const hasName = (value as { name?: unknown }).name !== undefined;
      if (hasId === hasName) {
        context.addIssue({ code: "custom", message: `give either the id of an existing ${kind} or the name of a new one` });
      }
    });
}

export const organizationChoice = existingOrNew("organization", {
  name: optionalText(200),
  organizationType: optionalText(100),
});
export type OrganizationChoice = z.infer<typeof organizationChoice>;

/** OAuth2 token endpoint of a DO: http or https, without credentials, and never a metadata address. */
export const oauth2TokenUrl = z
  .string({ error: requiredOr("must be text") })
  .trim()
  .pipe(z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL such as http://127.0.0.1:8080/realms/openslice/protocol/openid-connect/token" }))
  .superRefine((value, context) => {
    const url = new URL(value);
    if (url.username !== "" || url.password !== "") context.addIssue({ code: "custom", message: "must not contain credentials; send them as username and password" });
    if (isMetadataHost(url.hostname)) context.addIssue({ code: "custom", message: `must not point at the link-local or metadata address ${url.hostname}` });
  });

/** Password-grant credentials of a DO that issues its tokens from an OAuth2 server, as OpenSlice does. */
export const oauth2Credentials = z.object(
  {
    tokenUrl: oauth2TokenUrl,
    clientId: requiredText(200),
    clientSecret: optionalText(4096),
    username: requiredText(200),
    password: requiredText(4096),
  },
  { error: requiredOr("must be an object with tokenUrl, clientId, username and password") },
);

export const addPeerInput = z
  .object({
    name: requiredText(200),
    endpoint: peerEndpoint,
    /** `auto` probes the DO's replies at peering and stores the dialect found. */
    dialect: z.enum(["auto", ...peerDialects], { error: `must be one of auto, ${peerDialects.join(", ")}` }).default("auto"),
    apiToken: optionalText(4096),
    oauth2: oauth2Credentials.optional(),
    location: z.object(
      {
        name: requiredText(200),
        latitude: degrees(90),
        longitude: degrees(180),
      },
      { error: requiredOr("must be an object with name, latitude and longitude") },
    ),
    organization: organizationChoice,
  })
  .superRefine((value, context) => {
    // A DO takes either a static token or OAuth2 credentials.
    if (value.apiToken === undefined && value.oauth2 === undefined) context.addIssue({ code: "custom", path: ["apiToken"], message: "is required" });
    if (value.apiToken !== undefined && value.oauth2 !== undefined) {
      context.addIssue({ code: "custom", path: ["apiToken"], message: "must not be given together with oauth2 credentials; choose one" });
    }
  });
export type AddPeerInput = z.infer<typeof addPeerInput>;

const catalogChoice = existingOrNew("catalogue", {
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().trim().max(2000).optional(),
});
const categoryChoice = existingOrNew("category", {
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().trim().max(2000).optional(),
});
export type CatalogChoice = z.infer<typeof catalogChoice>;

export const importInput = z.object({
  specificationIds: z
    .array(z.string().trim().min(1))
    .min(1, "choose at least one specification")
    .max(500)
    .refine((ids) => new Set(ids).size === ids.length, "must not list a specification twice"),
  catalog: catalogChoice,
  category: categoryChoice,
});
export type ImportInput = z.infer<typeof importInput>;

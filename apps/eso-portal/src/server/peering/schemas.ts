import { z } from "zod";

// Inputs of the peering operations, shared by the admin API and the portal's
// server actions.

/** Hosts of cloud metadata services; a peer endpoint must never point there. */
function isMetadataHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host.startsWith("169.254.") || host.startsWith("fe80:") || host === "fd00:ec2::254" || host === "metadata.google.internal";
}

/** Base URL of a DO: http or https, without credentials, query or fragment; trailing slashes are dropped. */
export const peerEndpoint = z
  .string()
  .trim()
  .pipe(z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL such as http://127.0.0.1:3101" }))
  .superRefine((value, context) => {
    const url = new URL(value);
    if (url.username !== "" || url.password !== "") context.addIssue({ code: "custom", message: "must not contain credentials; send them as apiToken" });
    if (url.search !== "" || url.hash !== "") context.addIssue({ code: "custom", message: "must not contain a query or fragment" });
    if (isMetadataHost(url.hostname)) context.addIssue({ code: "custom", message: `must not point at the link-local or metadata address ${url.hostname}` });
  })
  .transform((value) => value.replace(/\/+$/, ""));

/**
 * A reference to an existing entity by `id`, or the attributes of a new one.
 * Exactly one of the two must be given.
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
  name: z.string().trim().min(1).max(200).optional(),
  organizationType: z.string().trim().min(1).max(100).optional(),
});
export type OrganizationChoice = z.infer<typeof organizationChoice>;

export const addPeerInput = z.object({
  name: z.string().trim().min(1, "is required").max(200),
  endpoint: peerEndpoint,
  apiToken: z.string().trim().min(1, "is required").max(4096),
  location: z.object({
    name: z.string().trim().min(1, "is required").max(200),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
  }),
  organization: organizationChoice,
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

import { z } from "zod";

// Building blocks shared by the TMF Open API v4 resources. Objects are loose:
// TMF entities are extensible (`@type`, `@baseType`, `@schemaLocation`), and
// an attribute this platform does not know is kept, not dropped.

export const isoDateTime = z.iso.datetime({ offset: true });

export const timePeriod = z.looseObject({
  startDateTime: isoDateTime.optional(),
  endDateTime: isoDateTime.optional(),
});

/** A reference to another entity: `id` is required, the rest describes it. */
export const entityRef = z.looseObject({
  id: z.string().min(1),
  href: z.string().optional(),
  name: z.string().optional(),
  version: z.string().optional(),
  "@referredType": z.string().optional(),
  "@type": z.string().optional(),
});
export type EntityRef = z.infer<typeof entityRef>;

export const relatedParty = z.looseObject({
  id: z.string().min(1),
  href: z.string().optional(),
  name: z.string().optional(),
  role: z.string().optional(),
  "@referredType": z.string().optional(),
});

export const note = z.looseObject({
  id: z.string().optional(),
  author: z.string().optional(),
  date: isoDateTime.optional(),
  text: z.string(),
});

/** A characteristic value: any JSON value, as TMF leaves its type open. */
export const characteristicValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.unknown()), z.record(z.string(), z.unknown())]);

export const characteristic = z.looseObject({
  id: z.string().optional(),
  name: z.string().min(1),
  valueType: z.string().optional(),
  value: characteristicValue,
});
export type Characteristic = z.infer<typeof characteristic>;

/** The TMF Error body that every error response carries. */
export const tmfError = z.looseObject({
  code: z.string(),
  reason: z.string(),
  message: z.string().optional(),
  status: z.string().optional(),
  referenceError: z.string().optional(),
  "@type": z.string().optional(),
});
export type TmfErrorBody = z.infer<typeof tmfError>;

/** Attributes a server assigns; a client may not set them on create. */
export const serverAssigned = ["id", "href", "lastUpdate"] as const;

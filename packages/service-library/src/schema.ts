import { z } from "zod";

// Zod schemas of the service library, with the TypeScript types inferred from
// them. The library data is typed against these types at compile time, and the
// tests parse it with the schemas, so importing the package costs no
// validation at run time.

export const domainIds = ["lulea", "valencia", "central-macedonia", "preveza", "portugal-spain"] as const;

export const domainIdSchema = z.enum(domainIds);

export type DomainId = z.infer<typeof domainIdSchema>;

/** Lower-case words joined by hyphens, usable in URLs and Kubernetes labels. */
export const slugSchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lower-case letters and digits joined by single hyphens");

export const valueTypes = ["string", "integer", "number", "boolean"] as const;

export const valueTypeSchema = z.enum(valueTypes);

export type ValueType = z.infer<typeof valueTypeSchema>;

export const characteristicValueSchema = z.union([z.string(), z.number(), z.boolean()]);

export type CharacteristicValue = z.infer<typeof characteristicValueSchema>;

/** Names of the characteristics that every service order carries. */
export const orderParameterNames = [
  "artifactRegistry",
  "artifactName",
  "artifactVersion",
  "orderDuration",
  "targetCluster",
] as const;

export type OrderParameterName = (typeof orderParameterNames)[number];

function matchesValueType(value: CharacteristicValue, valueType: ValueType): boolean {
  switch (valueType) {
    case "string":
      return typeof value === "string";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
  }
}

/**
 * Definition of one characteristic of a service specification. Every
 * characteristic has a default, so an order that names only the service is
 * complete. A characteristic is an enumeration (`allowedValues`), a closed
 * numeric interval (`range`) or free within its value type.
 */
export const characteristicDefinitionSchema = z
  .object({
    name: z.string().regex(/^[a-z][A-Za-z0-9]*$/, "must be a lowerCamelCase identifier"),
    description: z.string().min(1),
    valueType: valueTypeSchema,
    /** Whether a service instance must carry a value (TMF633 minCardinality 1). */
    mandatory: z.boolean(),
    /** Whether the value may be changed after the service has been ordered. */
    configurable: z.boolean(),
    default: characteristicValueSchema,
    allowedValues: z.array(characteristicValueSchema).min(1).optional(),
    // TMF633 v4 types valueFrom and valueTo as integers, so range bounds are
    // integers even for characteristics of value type "number".
    range: z.object({ min: z.int(), max: z.int() }).optional(),
    unit: z.string().min(1).optional(),
    /** Regular expression a string value must match in full (TMF633 `regex`). */
    pattern: z.string().min(1).optional(),
  })
  .superRefine((characteristic, context) => {
    const { name, valueType, allowedValues, range, pattern } = characteristic;

    if (pattern !== undefined && (valueType !== "string" || !new RegExp(pattern).test(String(characteristic.default)))) {
      context.addIssue({
        code: "custom",
        path: ["pattern"],
        message: `"${name}" has a pattern, so it must be a string whose default matches it`,
      });
    }

    if (!matchesValueType(characteristic.default, valueType)) {
      context.addIssue({
        code: "custom",
        path: ["default"],
        message: `default ${JSON.stringify(characteristic.default)} of "${name}" is not of value type ${valueType}`,
      });
    }

    if (allowedValues !== undefined && range !== undefined) {
      context.addIssue({
        code: "custom",
        path: ["range"],
        message: `"${name}" has both allowedValues and a range: keep only one`,
      });
    }

    if (allowedValues !== undefined) {
      allowedValues.forEach((value, index) => {
        if (!matchesValueType(value, valueType)) {
          context.addIssue({
            code: "custom",
            path: ["allowedValues", index],
            message: `allowed value ${JSON.stringify(value)} of "${name}" is not of value type ${valueType}`,
          });
        }
      });
      if (new Set(allowedValues).size !== allowedValues.length) {
        context.addIssue({ code: "custom", path: ["allowedValues"], message: `"${name}" lists an allowed value twice` });
      }
      if (!allowedValues.includes(characteristic.default)) {
        context.addIssue({
          code: "custom",
          path: ["default"],
          message: `default ${JSON.stringify(characteristic.default)} of "${name}" is not one of its allowed values`,
        });
      }
    }

    if (range !== undefined) {
      if (valueType !== "integer" && valueType !== "number") {
        context.addIssue({
          code: "custom",
          path: ["range"],
          message: `"${name}" has a range but its value type ${valueType} is not numeric`,
        });
      }
      if (range.min > range.max) {
        context.addIssue({
          code: "custom",
          path: ["range"],
          message: `range of "${name}" is empty: min ${range.min} is greater than max ${range.max}`,
        });
      }
      const value = characteristic.default;
      if (typeof value === "number" && (value < range.min || value > range.max)) {
        context.addIssue({
          code: "custom",
          path: ["default"],
          message: `default ${value} of "${name}" lies outside its range ${range.min}..${range.max}`,
        });
      }
    }
  });

export type CharacteristicDefinition = z.infer<typeof characteristicDefinitionSchema>;

export const availabilitySchema = z.object({
  /** Month (YYYY-MM) in which the service is expected in the marketplace. */
  expectedBy: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month in the form YYYY-MM"),
  /** Whether the service was already in the marketplace at that date. */
  done: z.boolean(),
});

export type Availability = z.infer<typeof availabilitySchema>;

export const serviceSpecificationDefinitionSchema = z
  .object({
    /** Identifier that stays stable across versions and is unique in the whole library. */
    slug: slugSchema,
    name: z.string().min(1),
    description: z.string().min(1),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, "must be a semantic version such as 1.0.0"),
    domainId: domainIdSchema,
    categorySlugs: z.array(slugSchema).min(1),
    availability: availabilitySchema,
    tags: z.array(z.string().min(1)),
    specCharacteristic: z.array(characteristicDefinitionSchema).min(1),
  })
  .superRefine((specification, context) => {
    const names = specification.specCharacteristic.map((characteristic) => characteristic.name);
    const duplicates = names.filter((name, index) => names.indexOf(name) !== index);
    if (duplicates.length > 0) {
      context.addIssue({
        code: "custom",
        path: ["specCharacteristic"],
        message: `"${specification.slug}" defines characteristics more than once: ${duplicates.join(", ")}`,
      });
    }
  });

export type ServiceSpecificationDefinition = z.infer<typeof serviceSpecificationDefinitionSchema>;

export const serviceCategoryDefinitionSchema = z.object({
  slug: slugSchema,
  name: z.string().min(1),
  description: z.string().min(1),
});

export type ServiceCategoryDefinition = z.infer<typeof serviceCategoryDefinitionSchema>;

export const pilotClusterSchema = z.object({
  /** Cluster code: CL1, CL2, CL3A, CL3E or CL4. */
  code: z.string().regex(/^CL\d[A-Z]?$/),
  name: z.string().min(1),
});

export type PilotCluster = z.infer<typeof pilotClusterSchema>;

export const domainSchema = z.object({
  id: domainIdSchema,
  name: z.string().min(1),
  pilotCluster: pilotClusterSchema,
  sector: z.string().min(1),
  description: z.string().min(1),
  location: z.object({
    city: z.string().min(1),
    region: z.string().min(1),
    /** ISO 3166-1 alpha-2 country code. */
    countryCode: z.string().regex(/^[A-Z]{2}$/),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
  }),
  /** Default TCP port of this domain's Domain Orchestrator. */
  orchestratorPort: z.int().min(1).max(65535),
  /** OCI registry of the domain's Helm charts and images, used as the default of `artifactRegistry`. */
  artifactRegistry: z.string().regex(/^oci:\/\/[^\s/]+(\/[^\s]*)?$/, "must be an oci:// URL"),
  /** Name of the compute cluster the DO deploys into, used as the default of `targetCluster`. */
  computeCluster: slugSchema,
});

export type Domain = z.infer<typeof domainSchema>;

export const serviceCatalogDefinitionSchema = z
  .object({
    slug: slugSchema,
    name: z.string().min(1),
    description: z.string().min(1),
    domainId: domainIdSchema,
    categories: z.array(serviceCategoryDefinitionSchema).min(1),
    specifications: z.array(serviceSpecificationDefinitionSchema),
  })
  .superRefine((catalog, context) => {
    const categorySlugs = new Set(catalog.categories.map((category) => category.slug));
    if (categorySlugs.size !== catalog.categories.length) {
      context.addIssue({ code: "custom", path: ["categories"], message: `"${catalog.slug}" lists a category twice` });
    }
    catalog.specifications.forEach((specification, index) => {
      if (specification.domainId !== catalog.domainId) {
        context.addIssue({
          code: "custom",
          path: ["specifications", index, "domainId"],
          message: `"${specification.slug}" belongs to domain ${specification.domainId}, not to ${catalog.domainId}`,
        });
      }
      for (const slug of specification.categorySlugs) {
        if (!categorySlugs.has(slug)) {
          context.addIssue({
            code: "custom",
            path: ["specifications", index, "categorySlugs"],
            message: `"${specification.slug}" refers to category "${slug}", which catalog "${catalog.slug}" does not contain`,
          });
        }
      }
    });
  });

export type ServiceCatalogDefinition = z.infer<typeof serviceCatalogDefinitionSchema>;

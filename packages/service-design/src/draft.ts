import { artifactSchema, ociTagPattern } from "@cop-pilot/cluster/artifact";
import { describeFieldIssue, describeFieldIssues, entityRef, type FieldLabels } from "@cop-pilot/tmf-schemas";
import { z } from "zod";
import { initialLifecycleStatus, type LifecycleStatus } from "./lifecycle";
import { isVersion } from "./versions";

// A design draft is what a designer fills in on the portal form. It becomes a
// TMF633 ServiceSpecification body and nothing else: the spec document is the
// only record of the design.

export const characteristicValueTypes = ["string", "integer", "number", "boolean"] as const;
export type CharacteristicValueType = (typeof characteristicValueTypes)[number];

/** `@type` of a resource-facing service specification: one deployment built on resource specifications. */
export const resourceFacingType = "ResourceFacingServiceSpecification";
/** `@type` of a customer-facing service specification, realised by the resource-facing ones it names. */
export const customerFacingType = "CustomerFacingServiceSpecification";
/** `relationshipType` of the serviceSpecRelationship that names a part, as the ESO's bundles also spell it. */
export const partRelationshipType = "hasPart";

/** Characteristics a resource-facing specification needs so that the DO can deploy it; the form fills them from `artifact`. */
export const artifactCharacteristicNames = ["artifactRegistry", "artifactName", "artifactVersion"] as const;

const scalar = z.union([z.string(), z.number(), z.boolean()]);
type Scalar = z.infer<typeof scalar>;

const characteristicName = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,62}$/, "must start with a letter and contain only letters, digits and underscores (at most 63)");

function fitsType(valueType: CharacteristicValueType, value: Scalar): boolean {
  switch (valueType) {
    case "string":
      return typeof value === "string";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
  }
}

export const characteristicDraftSchema = z
  .object({
    name: characteristicName,
    description: z.string().trim().max(500).optional(),
    valueType: z.enum(characteristicValueTypes),
    /** Values a customer may choose from; at least two, because one value alone is a default. */
    allowedValues: z.array(scalar).optional(),
    range: z.object({ valueFrom: z.number().optional(), valueTo: z.number().optional() }).optional(),
    defaultValue: scalar.optional(),
    unitOfMeasure: z.string().trim().min(1).max(40).optional(),
    mandatory: z.boolean().default(false),
    /** True when the value may change after ordering, through a modify order. */
    configurable: z.boolean().default(false),
  })
  .superRefine((draft, context) => {
    const problem = (message: string, path: string) => context.addIssue({ code: "custom", message, path: [path] });
    const { valueType, allowedValues, range, defaultValue } = draft;

    if (allowedValues !== undefined && range !== undefined) problem("give allowed values or a range, not both", "range");
    if (allowedValues !== undefined) {
      if (allowedValues.length < 2) problem("list at least two allowed values; a single value is a default", "allowedValues");
      const wrong = allowedValues.filter((value) => !fitsType(valueType, value));
      if (wrong.length > 0) problem(`${wrong.map((value) => JSON.stringify(value)).join(", ")} is not of valueType ${valueType}`, "allowedValues");
      if (new Set(allowedValues).size !== allowedValues.length) problem("contains a value more than once", "allowedValues");
    }
    if (range !== undefined) {
      if (valueType !== "integer" && valueType !== "number") problem(`a range needs valueType integer or number, not ${valueType}`, "range");
      if (range.valueFrom === undefined && range.valueTo === undefined) problem("give valueFrom, valueTo or both", "range");
      if (range.valueFrom !== undefined && range.valueTo !== undefined && range.valueFrom > range.valueTo) {
        problem(`valueFrom ${range.valueFrom} is greater than valueTo ${range.valueTo}`, "range");
      }
    }
    if (defaultValue !== undefined) {
      if (!fitsType(valueType, defaultValue)) problem(`${JSON.stringify(defaultValue)} is not of valueType ${valueType}`, "defaultValue");
      else if (allowedValues !== undefined && !allowedValues.includes(defaultValue)) problem("must be one of the allowed values", "defaultValue");
      else if (range !== undefined && typeof defaultValue === "number") {
        if (range.valueFrom !== undefined && defaultValue < range.valueFrom) problem(`must be at least ${range.valueFrom}`, "defaultValue");
        if (range.valueTo !== undefined && defaultValue > range.valueTo) problem(`must be at most ${range.valueTo}`, "defaultValue");
      }
    }
  });
export type CharacteristicDraft = z.infer<typeof characteristicDraftSchema>;
export type CharacteristicDraftInput = z.input<typeof characteristicDraftSchema>;

const specificationRef = entityRef.pick({ id: true, href: true, name: true, version: true });

const draftFields = {
  name: z.string().trim().min(1, "is required").max(200),
  description: z.string().trim().max(2000).optional(),
  version: z.string().trim().refine(isVersion, "must be dotted numbers, such as 1.0").default("1.0"),
  category: z.array(specificationRef).default([]),
  characteristics: z.array(characteristicDraftSchema).default([]),
};

export const resourceFacingDraftSchema = z.object({
  kind: z.literal("resourceFacing"),
  ...draftFields,
  resourceSpecification: z.array(specificationRef).min(1, "choose at least one resource specification the service runs on"),
  // The DO's deployment check, so that a saved design can always be deployed.
  artifact: z.object({
    registry: z.string().trim().min(1, "is required").pipe(artifactSchema.shape.registry),
    name: z.string().trim().min(1, "is required").pipe(artifactSchema.shape.name),
    version: z.string().trim().min(1, "is required").pipe(artifactSchema.shape.version),
  }),
});

export const customerFacingDraftSchema = z.object({
  kind: z.literal("customerFacing"),
  ...draftFields,
  serviceSpecRelationship: z.array(specificationRef).min(1, "choose at least one resource-facing specification that realises the service"),
});

/** A design draft as the portal forms send it; characteristic names are unique and do not reuse the artifact ones. */
export const specificationDraftSchema = z
  .discriminatedUnion("kind", [resourceFacingDraftSchema, customerFacingDraftSchema])
  .superRefine((draft, context) => {
    const seen = new Set<string>();
    draft.characteristics.forEach((characteristic, index) => {
      if (seen.has(characteristic.name)) {
        context.addIssue({ code: "custom", message: `"${characteristic.name}" is defined more than once`, path: ["characteristics", index, "name"] });
      }
      if (draft.kind === "resourceFacing" && (artifactCharacteristicNames as readonly string[]).includes(characteristic.name)) {
        context.addIssue({ code: "custom", message: `"${characteristic.name}" is set by the artifact fields`, path: ["characteristics", index, "name"] });
      }
      seen.add(characteristic.name);
    });
  });
export type SpecificationDraft = z.infer<typeof specificationDraftSchema>;
export type SpecificationDraftInput = z.input<typeof specificationDraftSchema>;

/** A TMF633 CharacteristicSpecification as a designed specification stores it. */
export interface DesignedCharacteristic {
  name: string;
  description?: string;
  valueType: CharacteristicValueType;
  configurable: boolean;
  minCardinality: 0 | 1;
  maxCardinality: 1;
  "@type": "CharacteristicSpecification";
  characteristicValueSpecification: {
    valueType: CharacteristicValueType;
    value?: Scalar;
    isDefault: boolean;
    valueFrom?: number;
    valueTo?: number;
    rangeInterval?: "closed";
    unitOfMeasure?: string;
    regex?: string;
  }[];
}

/** A TMF633 ServiceSpecification body built from a draft, ready for POST /serviceSpecification. */
export interface DesignedSpecification {
  name: string;
  description?: string;
  version: string;
  lifecycleStatus: LifecycleStatus;
  isBundle: false;
  "@type": typeof resourceFacingType | typeof customerFacingType;
  "@baseType": "ServiceSpecification";
  category: z.infer<typeof specificationRef>[];
  specCharacteristic: DesignedCharacteristic[];
  resourceSpecification?: (z.infer<typeof specificationRef> & { "@referredType": "ResourceSpecification" })[];
  serviceSpecRelationship?: (z.infer<typeof specificationRef> & { relationshipType: typeof partRelationshipType; "@type": "ServiceSpecRelationship" })[];
}

/** Builds the TMF633 CharacteristicSpecification of one characteristic draft. */
export function toCharacteristicSpecification(draft: CharacteristicDraft, extra: { regex?: string } = {}): DesignedCharacteristic {
  const { valueType, unitOfMeasure } = draft;
  const unit = unitOfMeasure === undefined ? {} : { unitOfMeasure };
  let values: DesignedCharacteristic["characteristicValueSpecification"];
  if (draft.allowedValues !== undefined) {
    values = draft.allowedValues.map((value) => ({ valueType, value, isDefault: value === draft.defaultValue, ...unit }));
  } else if (draft.range !== undefined) {
    values = [
      {
        valueType,
        ...(draft.range.valueFrom === undefined ? {} : { valueFrom: draft.range.valueFrom }),
        ...(draft.range.valueTo === undefined ? {} : { valueTo: draft.range.valueTo }),
        rangeInterval: "closed",
        ...(draft.defaultValue === undefined ? {} : { value: draft.defaultValue }),
        isDefault: draft.defaultValue !== undefined,
        ...unit,
      },
    ];
  } else if (draft.defaultValue !== undefined || unitOfMeasure !== undefined || extra.regex !== undefined) {
    values = [{ valueType, ...(draft.defaultValue === undefined ? {} : { value: draft.defaultValue }), isDefault: draft.defaultValue !== undefined, ...unit, ...extra }];
  } else {
    values = [];
  }
  return {
    name: draft.name,
    ...(draft.description ? { description: draft.description } : {}),
    valueType,
    configurable: draft.configurable,
    minCardinality: draft.mandatory ? 1 : 0,
    maxCardinality: 1,
    "@type": "CharacteristicSpecification",
    characteristicValueSpecification: values,
  };
}

function artifactCharacteristics(artifact: z.infer<typeof resourceFacingDraftSchema>["artifact"]): DesignedCharacteristic[] {
  return [
    toCharacteristicSpecification({
      name: "artifactRegistry",
      description: "OCI registry from which the DO pulls the artifact.",
      valueType: "string",
      defaultValue: artifact.registry,
      mandatory: true,
      configurable: false,
    }),
    toCharacteristicSpecification({
      name: "artifactName",
      description: "Helm chart or container image inside the registry.",
      valueType: "string",
      defaultValue: artifact.name,
      mandatory: true,
      configurable: false,
    }),
    toCharacteristicSpecification(
      {
        name: "artifactVersion",
        description: "Version of the artifact to deploy; changing it after ordering upgrades the service.",
        valueType: "string",
        defaultValue: artifact.version,
        mandatory: true,
        configurable: true,
      },
      { regex: ociTagPattern.source },
    ),
  ];
}

/** Builds the TMF633 ServiceSpecification body of a validated draft, in the status `lifecycleStatus` (In design by default). */
export function toServiceSpecification(draft: SpecificationDraft, lifecycleStatus: LifecycleStatus = initialLifecycleStatus): DesignedSpecification {
  const common = {
    name: draft.name,
    ...(draft.description ? { description: draft.description } : {}),
    version: draft.version,
    lifecycleStatus,
    isBundle: false as const,
    "@baseType": "ServiceSpecification" as const,
    category: draft.category,
  };
  const characteristics = draft.characteristics.map((characteristic) => toCharacteristicSpecification(characteristic));
  if (draft.kind === "resourceFacing") {
    return {
      ...common,
      "@type": resourceFacingType,
      specCharacteristic: [...artifactCharacteristics(draft.artifact), ...characteristics],
      resourceSpecification: draft.resourceSpecification.map((ref) => ({ ...ref, "@referredType": "ResourceSpecification" as const })),
    };
  }
  return {
    ...common,
    "@type": customerFacingType,
    specCharacteristic: characteristics,
    serviceSpecRelationship: draft.serviceSpecRelationship.map((ref) => ({ ...ref, relationshipType: partRelationshipType, "@type": "ServiceSpecRelationship" as const })),
  };
}

const draftLabels: Record<string, string> = {
  kind: "Kind",
  name: "Name",
  description: "Description",
  version: "Version",
  category: "Category",
  resourceSpecification: "Resource specifications",
  serviceSpecRelationship: "Resource-facing specifications",
  "artifact.registry": "Registry",
  "artifact.name": "Artifact name",
  "artifact.version": "Artifact version",
};

const characteristicLabels: Record<string, string> = {
  name: "name",
  description: "description",
  valueType: "value type",
  allowedValues: "allowed values",
  range: "range",
  defaultValue: "default",
  unitOfMeasure: "unit of measure",
};

/** Labels of the design form's fields, with characteristics counted from 1 as the form shows them. */
const draftFieldLabels: FieldLabels = (path) => {
  if (path[0] === "characteristics" && typeof path[1] === "number") {
    const field = path[2] === undefined ? undefined : (characteristicLabels[String(path[2])] ?? String(path[2]));
    return field === undefined ? `Characteristic ${path[1] + 1}` : `Characteristic ${path[1] + 1}: the ${field}`;
  }
  return draftLabels[path.map(String).join(".")] ?? draftLabels[String(path[0])];
};

/** Describes the problems of a draft that failed to parse, one sentence per problem naming the form field. */
export function describeDraftProblems(error: z.ZodError): string {
  return describeFieldIssues(error, draftFieldLabels);
}

/** Maps each field of a draft that failed to parse, as a dotted path such as "artifact.name", to its first problem. */
export function draftFieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join(".") || "draft";
    fields[path] ??= describeFieldIssue(issue, draftFieldLabels);
  }
  return fields;
}

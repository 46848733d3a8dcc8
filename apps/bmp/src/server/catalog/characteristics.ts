import { z } from "zod";
import type { CharacteristicSpecification, ServiceSpecification } from "@cop-pilot/tmf-schemas";

// Product characteristics mirror the characteristics of the ESO service
// specification a product specification is built on: same names, value types
// and values, so the value a customer gives a product characteristic becomes
// the service characteristic of the same name. TMF620 names the value list
// `productSpecCharacteristicValue`; TMF633 names it
// `characteristicValueSpecification`. Input in either form is accepted and
// stored in the TMF620 form.

export const characteristicValueSchema = z.looseObject({
  value: z.unknown().optional(),
  valueType: z.string().optional(),
  isDefault: z.boolean().optional(),
  valueFrom: z.number().optional(),
  valueTo: z.number().optional(),
  rangeInterval: z.string().optional(),
  unitOfMeasure: z.string().optional(),
  regex: z.string().optional(),
});

/**
 * Extension of a product characteristic: the service characteristics its
 * value sets, one per ESO service specification of the product
 * specification. Without it, a value sets the characteristic of the same
 * name on every service of the specification.
 */
export const serviceCharacteristicMappingSchema = z.looseObject({
  name: z.string().trim().min(1),
  serviceSpecification: z.looseObject({ id: z.string().min(1), name: z.string().optional() }),
});

export type ServiceCharacteristicMapping = z.infer<typeof serviceCharacteristicMappingSchema>;

export const productSpecCharacteristicSchema = z.looseObject({
  name: z.string().trim().min(1),
  description: z.string().optional(),
  valueType: z.string().optional(),
  configurable: z.boolean().optional(),
  minCardinality: z.number().int().min(0).optional(),
  maxCardinality: z.number().int().min(0).optional(),
  productSpecCharacteristicValue: z.array(characteristicValueSchema).optional(),
  characteristicValueSpecification: z.array(characteristicValueSchema).optional(),
  serviceCharacteristic: z.array(serviceCharacteristicMappingSchema).optional(),
});

export type ProductSpecCharacteristic = z.infer<typeof productSpecCharacteristicSchema>;

/** Returns the characteristic in the TMF620 form, whichever form it came in. */
export function toProductSpecCharacteristic(characteristic: ProductSpecCharacteristic): ProductSpecCharacteristic {
  const { characteristicValueSpecification, productSpecCharacteristicValue, ...rest } = characteristic;
  const values = productSpecCharacteristicValue ?? characteristicValueSpecification;
  return {
    ...rest,
    "@type": "ProductSpecificationCharacteristic",
    ...(values === undefined ? {} : { productSpecCharacteristicValue: values }),
  };
}

/** Copies the characteristics of an ESO service specification into product characteristics, each mapped to the service characteristic it sets. */
export function productCharacteristicsOf(serviceSpecification: ServiceSpecification): ProductSpecCharacteristic[] {
  return (serviceSpecification.specCharacteristic ?? []).map((characteristic) => ({
    ...toProductSpecCharacteristic(characteristic as ProductSpecCharacteristic),
    serviceCharacteristic: [{ name: characteristic.name, serviceSpecification: { id: serviceSpecification.id, name: serviceSpecification.name } }],
  }));
}

/**
 * Deployment parameters: what the domain deploys and where, with defaults
 * that differ from service to service. TMF633's `configurable` tells whether
 * a value may change after ordering, not whether a customer chooses it, so
 * these are recognised by name.
 */
export const technicalCharacteristicNames: ReadonlySet<string> = new Set(["artifactRegistry", "artifactName", "targetCluster"]);

function definitionOf(characteristic: ProductSpecCharacteristic): string {
  const { serviceCharacteristic: _mapping, description: _description, ...definition } = characteristic;
  return JSON.stringify(definition);
}

/**
 * Builds the product characteristics of a specification over several ESO
 * services. A characteristic that several services share becomes one
 * product characteristic that sets all of them, so its definition must be
 * the same in each. The deployment parameters (registry, artifact, target
 * cluster) are left out, and each service keeps its own default at the ESO.
 * Returns the names whose definitions differ as `conflicts`.
 */
export function mergeProductCharacteristics(services: readonly ServiceSpecification[]): { characteristics: ProductSpecCharacteristic[]; conflicts: string[] } {
  if (services.length === 1) return { characteristics: productCharacteristicsOf(services[0]!), conflicts: [] };
  const merged = new Map<string, ProductSpecCharacteristic>();
  const conflicts = new Set<string>();
  for (const service of services) {
    for (const characteristic of productCharacteristicsOf(service)) {
      if (technicalCharacteristicNames.has(characteristic.name)) continue;
      const existing = merged.get(characteristic.name);
      if (!existing) {
        merged.set(characteristic.name, characteristic);
        continue;
      }
      if (definitionOf(existing) !== definitionOf(characteristic)) conflicts.add(characteristic.name);
      existing.serviceCharacteristic = [...(existing.serviceCharacteristic ?? []), ...(characteristic.serviceCharacteristic ?? [])];
    }
  }
  return { characteristics: [...merged.values()], conflicts: [...conflicts] };
}

/**
 * Returns the service characteristics that the product characteristic values
 * set on one ESO service: through each characteristic's mapping, or under the
 * same name when the characteristic has no mapping (specifications stored
 * before mappings existed, which are built on one service).
 */
export function serviceCharacteristicValues(
  characteristics: readonly ProductSpecCharacteristic[],
  values: readonly { name: string; valueType?: string; value: unknown }[],
  serviceSpecificationId: string,
): { name: string; valueType?: string; value: unknown }[] {
  const result: { name: string; valueType?: string; value: unknown }[] = [];
  for (const value of values) {
    const characteristic = characteristics.find((candidate) => candidate.name === value.name);
    const mapping = characteristic?.serviceCharacteristic;
    if (mapping === undefined) {
      result.push(value);
      continue;
    }
    for (const target of mapping) {
      if (target.serviceSpecification.id === serviceSpecificationId) result.push({ ...value, name: target.name });
    }
  }
  return result;
}

/** Returns product characteristics in the TMF633 form that `resolveCharacteristics` checks values against. */
export function toCharacteristicSpecifications(characteristics: readonly ProductSpecCharacteristic[]): CharacteristicSpecification[] {
  return characteristics.map((characteristic) => {
    const { productSpecCharacteristicValue, characteristicValueSpecification, ...rest } = characteristic;
    return { ...rest, characteristicValueSpecification: productSpecCharacteristicValue ?? characteristicValueSpecification ?? [] };
  });
}

/** Description of one characteristic as a form control: kind, default, limits and whether it is mandatory. */
export interface CharacteristicField {
  name: string;
  description?: string;
  valueType: "string" | "integer" | "number" | "boolean";
  mandatory: boolean;
  defaultValue?: string | number | boolean;
  /** Enumerated values; the control is a select. */
  allowedValues?: (string | number | boolean)[];
  min?: number;
  max?: number;
  unit?: string;
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

function fieldValueType(valueType: string | undefined): CharacteristicField["valueType"] {
  const normalised = (valueType ?? "string").toLowerCase();
  return normalised === "integer" || normalised === "number" || normalised === "boolean" ? normalised : "string";
}

/** Describes each characteristic for a form: control kind, default, allowed values or range, mandatory. */
export function characteristicFields(characteristics: readonly ProductSpecCharacteristic[]): CharacteristicField[] {
  return toCharacteristicSpecifications(characteristics).map((specification) => {
    const values = specification.characteristicValueSpecification ?? [];
    const range = values.find((value) => value.valueFrom !== undefined || value.valueTo !== undefined);
    const enumerated = values.filter((value) => value.valueFrom === undefined && value.valueTo === undefined && isScalar(value.value));
    const defaultValue = values.find((value) => value.isDefault && isScalar(value.value))?.value as CharacteristicField["defaultValue"];
    return {
      name: specification.name,
      description: specification.description,
      valueType: fieldValueType(specification.valueType),
      mandatory: (specification.minCardinality ?? 0) > 0,
      defaultValue,
      // A single value entry is the default, not a list of allowed values (as in resolveCharacteristics).
      allowedValues: !range && enumerated.length > 1 ? enumerated.map((value) => value.value as string | number | boolean) : undefined,
      min: range?.valueFrom,
      max: range?.valueTo,
      unit: values.find((value) => value.unitOfMeasure)?.unitOfMeasure,
    };
  });
}

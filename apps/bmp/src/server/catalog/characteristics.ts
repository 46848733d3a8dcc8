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

export const productSpecCharacteristicSchema = z.looseObject({
  name: z.string().trim().min(1),
  description: z.string().optional(),
  valueType: z.string().optional(),
  configurable: z.boolean().optional(),
  minCardinality: z.number().int().min(0).optional(),
  maxCardinality: z.number().int().min(0).optional(),
  productSpecCharacteristicValue: z.array(characteristicValueSchema).optional(),
  characteristicValueSpecification: z.array(characteristicValueSchema).optional(),
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

/** Copies the characteristics of an ESO service specification into product characteristics. */
export function productCharacteristicsOf(serviceSpecification: ServiceSpecification): ProductSpecCharacteristic[] {
  return (serviceSpecification.specCharacteristic ?? []).map((characteristic) =>
    toProductSpecCharacteristic(characteristic as ProductSpecCharacteristic),
  );
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

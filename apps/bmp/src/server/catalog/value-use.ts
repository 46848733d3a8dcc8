import { z } from "zod";
import { entityRef, type CharacteristicSpecification } from "@cop-pilot/tmf-schemas";
import { TmfError, resolveCharacteristics, type CharacteristicProblem, type ResolvedCharacteristics, type TmfDocument } from "@cop-pilot/tmf-server";
import {
  characteristicFields,
  characteristicValueSchema,
  technicalCharacteristicNames,
  toCharacteristicSpecifications,
  type CharacteristicField,
  type ProductSpecCharacteristic,
} from "./characteristics";

// TMF620 lets a product offering name the characteristics of its product
// specification that customers may set: `prodSpecCharValueUse` lists them, each
// optionally with `productSpecCharacteristicValue`, a subset of the values
// the specification allows. Every value listed there is allowed, even when
// only one is listed. Characteristics the offering does not list stay at the
// specification's default. An offering without `prodSpecCharValueUse` lets
// customers set every characteristic.

export const characteristicValueUseSchema = z.looseObject({
  name: z.string().trim().min(1),
  description: z.string().optional(),
  valueType: z.string().optional(),
  minCardinality: z.number().int().min(0).optional(),
  maxCardinality: z.number().int().min(0).optional(),
  productSpecCharacteristicValue: z.array(characteristicValueSchema).optional(),
  productSpecification: entityRef.optional(),
  "@type": z.string().optional(),
});

export type CharacteristicValueUse = z.infer<typeof characteristicValueUseSchema>;
type CharacteristicValue = z.infer<typeof characteristicValueSchema>;


/** Returns true for a characteristic that names what the domain deploys and where. The portal does not show these to customers. */
export function isTechnicalCharacteristic(characteristic: Pick<ProductSpecCharacteristic, "name">): boolean {
  return technicalCharacteristicNames.has(characteristic.name);
}

/** Names the characteristics customers may set when a business admin makes no choice: all but the technical characteristics. */
export function defaultCustomerCharacteristics(characteristics: readonly ProductSpecCharacteristic[]): string[] {
  return characteristics.filter((characteristic) => !isTechnicalCharacteristic(characteristic)).map((characteristic) => characteristic.name);
}

/** Builds the reference from an offering, or a value use, to the stored product specification. */
export function productSpecificationRef(specification: TmfDocument): Record<string, unknown> {
  return {
    id: specification.id,
    href: specification.href,
    name: specification.name,
    ...(typeof specification.version === "string" ? { version: specification.version } : {}),
    "@referredType": "ProductSpecification",
  };
}

/** Builds one value use per named characteristic, without value restrictions. */
export function valueUsesFor(specification: TmfDocument, names: readonly string[]): CharacteristicValueUse[] {
  const characteristics = (specification.productSpecCharacteristic as ProductSpecCharacteristic[] | undefined) ?? [];
  return names.map((name) => {
    const characteristic = characteristics.find((candidate) => candidate.name === name);
    return {
      name,
      ...(characteristic?.valueType ? { valueType: characteristic.valueType } : {}),
      productSpecification: productSpecificationRef(specification) as CharacteristicValueUse["productSpecification"],
      "@type": "ProductSpecificationCharacteristicValueUse",
    };
  });
}

function isRange(value: CharacteristicValue): boolean {
  return value.valueFrom !== undefined || value.valueTo !== undefined;
}

function defaultOf(values: readonly CharacteristicValue[] | undefined): unknown {
  return values?.find((value) => value.isDefault && value.value !== undefined)?.value;
}

/** Returns whether `value` is one of the listed values or lies in one of the listed ranges. */
function isAllowedBy(values: readonly CharacteristicValue[], value: unknown): boolean {
  return values.some((entry) =>
    isRange(entry)
      ? typeof value === "number" && value >= (entry.valueFrom ?? -Infinity) && value <= (entry.valueTo ?? Infinity)
      : entry.value === value,
  );
}

function describeAllowed(values: readonly CharacteristicValue[]): string {
  const listed = values.filter((entry) => !isRange(entry)).map((entry) => JSON.stringify(entry.value));
  const ranges = values.filter(isRange).map((entry) => `from ${entry.valueFrom} to ${entry.valueTo}`);
  return [...(listed.length > 0 ? [`one of ${listed.join(", ")}`] : []), ...ranges].join(" or ");
}

/** Returns the problem the specification finds with `value`, or undefined when it accepts it. */
function specificationProblem(specification: CharacteristicSpecification, value: unknown): string | undefined {
  const { problems } = resolveCharacteristics([specification], [{ name: specification.name, value }]);
  return problems[0]?.message;
}

/**
 * Checks the values one use restricts its characteristic to: each listed
 * value and each range bound must be accepted by the specification, and the
 * default (the use's own, or else the specification's) must be among them.
 */
function checkRestriction(label: string, specification: CharacteristicSpecification, values: readonly CharacteristicValue[]): void {
  for (const [index, entry] of values.entries()) {
    const at = `${label}.productSpecCharacteristicValue[${index}]`;
    if (isRange(entry)) {
      if (entry.valueFrom === undefined || entry.valueTo === undefined) throw new TmfError("unprocessable", `${at}: a range needs both valueFrom and valueTo`);
      if (entry.valueFrom > entry.valueTo) throw new TmfError("unprocessable", `${at}: valueFrom ${entry.valueFrom} is greater than valueTo ${entry.valueTo}`);
      for (const bound of [entry.valueFrom, entry.valueTo]) {
        const problem = specificationProblem(specification, bound);
        if (problem) throw new TmfError("unprocessable", `${at}: ${bound} is outside the product specification, where the value ${problem}`);
      }
    } else if (entry.value === undefined) {
      throw new TmfError("unprocessable", `${at}: give a value, or a range with valueFrom and valueTo`);
    } else {
      const problem = specificationProblem(specification, entry.value);
      if (problem) throw new TmfError("unprocessable", `${at}: ${JSON.stringify(entry.value)} is outside the product specification, where the value ${problem}`);
    }
  }

  const defaults = values.filter((entry) => entry.isDefault && entry.value !== undefined);
  if (defaults.length > 1) throw new TmfError("unprocessable", `${label}: mark at most one value isDefault, got ${defaults.length}`);
  const useDefault = defaults[0]?.value;
  if (useDefault !== undefined && !isAllowedBy(values, useDefault)) {
    throw new TmfError("unprocessable", `${label}: the default ${JSON.stringify(useDefault)} is not among the values listed`);
  }
  const specificationDefault = defaultOf(specification.characteristicValueSpecification);
  if (useDefault === undefined && specificationDefault !== undefined && !isAllowedBy(values, specificationDefault)) {
    throw new TmfError(
      "unprocessable",
      `${label}: the product specification's default ${JSON.stringify(specificationDefault)} is not among the values listed; mark one of them isDefault`,
    );
  }
}

/**
 * Checks an offering's `prodSpecCharValueUse` against its product
 * specification and returns it with each use's `valueType` and
 * `productSpecification` filled in. Throws a 400 for a malformed list and a
 * 422 for a use the specification does not allow, or when a mandatory
 * characteristic without a default is left out, because customers could then
 * never order the offering.
 */
export function checkValueUses(input: unknown, specification: TmfDocument): CharacteristicValueUse[] {
  const parsed = z.array(characteristicValueUseSchema).safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${["prodSpecCharValueUse", ...issue.path.map(String)].join(".")}: ${issue.message}`);
    throw new TmfError("invalidBody", issues.join("; "));
  }
  const uses = parsed.data;

  const names = uses.map((use) => use.name);
  const repeated = [...new Set(names.filter((name, index) => names.indexOf(name) !== index))];
  if (repeated.length > 0) throw new TmfError("invalidBody", `prodSpecCharValueUse: ${repeated.map((name) => `"${name}"`).join(", ")} given more than once`);

  const characteristics = toCharacteristicSpecifications((specification.productSpecCharacteristic as ProductSpecCharacteristic[] | undefined) ?? []);
  const reference = productSpecificationRef(specification) as CharacteristicValueUse["productSpecification"];
  const checked = uses.map((use) => {
    const label = `prodSpecCharValueUse "${use.name}"`;
    const characteristic = characteristics.find((candidate) => candidate.name === use.name);
    if (!characteristic) throw new TmfError("unprocessable", `${label}: is not a characteristic of ProductSpecification ${specification.id}`);
    if (use.valueType !== undefined && characteristic.valueType !== undefined && use.valueType.toLowerCase() !== characteristic.valueType.toLowerCase()) {
      throw new TmfError("unprocessable", `${label}: valueType "${use.valueType}" differs from "${characteristic.valueType}" in the product specification`);
    }
    if (use.productSpecification !== undefined && use.productSpecification.id !== specification.id) {
      throw new TmfError("unprocessable", `${label}: productSpecification ${use.productSpecification.id} is not the offering's product specification ${specification.id}`);
    }
    const { productSpecCharacteristicValue: values, ...rest } = use;
    if (values !== undefined && values.length > 0) checkRestriction(label, characteristic, values);
    return {
      ...rest,
      ...(characteristic.valueType !== undefined ? { valueType: characteristic.valueType } : {}),
      ...(values !== undefined && values.length > 0 ? { productSpecCharacteristicValue: values } : {}),
      productSpecification: reference,
      "@type": use["@type"] ?? "ProductSpecificationCharacteristicValueUse",
    };
  });

  const settable = new Set(names);
  const unorderable = characteristics.filter(
    (characteristic) => !settable.has(characteristic.name) && (characteristic.minCardinality ?? 0) > 0 && defaultOf(characteristic.characteristicValueSpecification) === undefined,
  );
  if (unorderable.length > 0) {
    const listed = unorderable.map((characteristic) => `"${characteristic.name}"`).join(", ");
    throw new TmfError("unprocessable", `prodSpecCharValueUse: ${listed} ${unorderable.length === 1 ? "is" : "are"} mandatory without a default, so customers must be able to set ${unorderable.length === 1 ? "it" : "them"}; add ${unorderable.length === 1 ? "it" : "them"} to the list`);
  }
  return checked;
}

/** Reads the stored `prodSpecCharValueUse` of an offering; undefined when the offering has none. */
export function storedValueUses(offering: TmfDocument): CharacteristicValueUse[] | undefined {
  const parsed = z.array(characteristicValueUseSchema).safeParse(offering.prodSpecCharValueUse);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Checks the characteristic values of an order item for an offering and
 * fills in the rest. Without value uses, this is `resolveCharacteristics`
 * on the product specification. With them, a characteristic the offering
 * does not list is rejected as fixed, a listed one takes the use's default
 * when not given, and its value must also be among the use's values.
 */
export function resolveOfferingCharacteristics(
  characteristics: readonly ProductSpecCharacteristic[],
  uses: readonly CharacteristicValueUse[] | undefined,
  given: readonly { name: string; value: unknown }[],
): ResolvedCharacteristics {
  const specifications = toCharacteristicSpecifications(characteristics);
  if (uses === undefined) return resolveCharacteristics(specifications, given);

  const known = new Set(specifications.map((specification) => specification.name));
  const usesByName = new Map(uses.filter((use) => known.has(use.name)).map((use) => [use.name, use]));
  const problems: CharacteristicProblem[] = [];
  const accepted = given.filter((item) => {
    if (!known.has(item.name) || usesByName.has(item.name)) return true;
    problems.push({ name: item.name, message: "is fixed by this offering" });
    return false;
  });

  const givenNames = new Set(accepted.map((item) => item.name));
  const useDefaults = [...usesByName.values()]
    .map((use) => ({ name: use.name, value: defaultOf(use.productSpecCharacteristicValue) }))
    .filter((item) => item.value !== undefined && !givenNames.has(item.name));
  const resolved = resolveCharacteristics(specifications, [...accepted, ...useDefaults]);
  problems.push(...resolved.problems);

  for (const value of resolved.values) {
    const restriction = usesByName.get(value.name)?.productSpecCharacteristicValue;
    if (restriction && restriction.length > 0 && !isAllowedBy(restriction, value.value)) {
      problems.push({ name: value.name, message: `must be ${describeAllowed(restriction)} for this offering` });
    }
  }
  return { values: resolved.values, problems };
}

/** A characteristic of an offering as the portal shows it: the form control, whether customers set it, and whether it is technical. */
export interface OfferingCharacteristicField extends CharacteristicField {
  customerSettable: boolean;
  technical: boolean;
}

/** Describes each characteristic of an offering for its page, with the limits and default of the offering's value uses applied. */
export function offeringCharacteristicFields(
  characteristics: readonly ProductSpecCharacteristic[],
  uses: readonly CharacteristicValueUse[] | undefined,
): OfferingCharacteristicField[] {
  const fields = characteristicFields(characteristics);
  return fields.map((field, index) => {
    const use = uses?.find((candidate) => candidate.name === field.name);
    const technical = isTechnicalCharacteristic(characteristics[index]!);
    const restriction = use?.productSpecCharacteristicValue ?? [];
    if (restriction.length === 0) return { ...field, customerSettable: uses === undefined || use !== undefined, technical };

    const listed = restriction.filter((entry) => !isRange(entry)).map((entry) => entry.value as string | number | boolean);
    const range = restriction.find(isRange);
    const useDefault = defaultOf(restriction) as CharacteristicField["defaultValue"];
    return {
      ...field,
      defaultValue: useDefault ?? field.defaultValue,
      allowedValues: range ? undefined : listed,
      min: range ? range.valueFrom : undefined,
      max: range ? range.valueTo : undefined,
      customerSettable: true,
      technical,
    };
  });
}

/** Selects the characteristics the order form shows: those customers may set, except technical ones. */
export function orderFormFields(fields: readonly OfferingCharacteristicField[]): OfferingCharacteristicField[] {
  return fields.filter((field) => field.customerSettable && !field.technical);
}

/** Selects the characteristics the offering fixes that customers may see, as its included configuration. */
export function includedConfigurationFields(fields: readonly OfferingCharacteristicField[]): OfferingCharacteristicField[] {
  return fields.filter((field) => !field.customerSettable && !field.technical);
}

import { customerFacingType, partRelationshipType, resourceFacingType } from "./draft";

// How a customer-facing specification reaches its resource-facing parts when
// it is ordered. A CFS characteristic value goes to the parts named by its
// `charSpecRelationship` entries of type "mapsTo" when it has any, otherwise
// to every part that has a characteristic of the same name.

export type SpecificationKind = "customerFacing" | "resourceFacing" | "service";

interface SpecificationLike {
  "@type"?: unknown;
  serviceSpecRelationship?: unknown;
  specCharacteristic?: unknown;
}

interface CharacteristicValue {
  name: string;
  value: unknown;
  valueType?: string;
}

export function specificationKind(document: SpecificationLike): SpecificationKind {
  if (document["@type"] === customerFacingType) return "customerFacing";
  if (document["@type"] === resourceFacingType) return "resourceFacing";
  return "service";
}

/** Returns the ids of the parts of a customer-facing specification, in the order the designer listed them. */
export function partSpecificationIds(document: SpecificationLike): string[] {
  const relationships = Array.isArray(document.serviceSpecRelationship) ? (document.serviceSpecRelationship as { id?: unknown; relationshipType?: unknown }[]) : [];
  return relationships
    .filter((relationship) => typeof relationship.id === "string" && (relationship.relationshipType ?? partRelationshipType) === partRelationshipType)
    .map((relationship) => relationship.id as string);
}

interface Mapping {
  relationshipType?: unknown;
  parentSpecificationId?: unknown;
  name?: unknown;
}

/**
 * Returns the values that a part receives from the CFS item's resolved
 * values, named as the part names its characteristics. Values the part does
 * not define are left out, so the part's own defaults fill the rest.
 */
export function partCharacteristicValues(
  cfs: SpecificationLike,
  values: readonly CharacteristicValue[],
  part: { id: string; specCharacteristic?: unknown },
): CharacteristicValue[] {
  const partNames = new Set(
    (Array.isArray(part.specCharacteristic) ? (part.specCharacteristic as { name?: unknown }[]) : []).map((characteristic) => characteristic.name),
  );
  const definitions = new Map(
    (Array.isArray(cfs.specCharacteristic) ? (cfs.specCharacteristic as { name: string; charSpecRelationship?: Mapping[] }[]) : []).map((characteristic) => [
      characteristic.name,
      characteristic,
    ]),
  );
  const result: CharacteristicValue[] = [];
  for (const value of values) {
    const mappings = (definitions.get(value.name)?.charSpecRelationship ?? []).filter((mapping) => mapping.relationshipType === "mapsTo");
    const targets =
      mappings.length > 0
        ? mappings.filter((mapping) => mapping.parentSpecificationId === part.id).map((mapping) => String(mapping.name))
        : partNames.has(value.name)
          ? [value.name]
          : [];
    for (const name of targets) {
      if (partNames.has(name)) result.push({ name, value: value.value, ...(value.valueType ? { valueType: value.valueType } : {}) });
    }
  }
  return result;
}

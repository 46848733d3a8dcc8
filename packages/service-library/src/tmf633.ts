import type {
  CharacteristicDefinition,
  CharacteristicValue,
  Domain,
  ServiceSpecificationDefinition,
  ValueType,
} from "./schema";

// Mapping of library definitions to TMF633 Service Catalog Management v4.0.0
// resources. Field names follow the ServiceSpecification_Create,
// CharacteristicSpecification and CharacteristicValueSpecification
// definitions of that API.

export interface CharacteristicValueSpecification {
  valueType: ValueType;
  value: CharacteristicValue;
  isDefault: boolean;
  valueFrom?: number;
  valueTo?: number;
  rangeInterval?: "closed";
  unitOfMeasure?: string;
  regex?: string;
}

export interface CharacteristicSpecification {
  name: string;
  description: string;
  valueType: ValueType;
  configurable: boolean;
  minCardinality: 0 | 1;
  maxCardinality: 1;
  "@type": "CharacteristicSpecification";
  characteristicValueSpecification: CharacteristicValueSpecification[];
}

/** Body of `POST /serviceSpecification`, without the `id` and `href` that the server assigns. */
export interface ServiceSpecificationCreate {
  name: string;
  description: string;
  version: string;
  lifecycleStatus: "Active";
  isBundle: false;
  "@type": "ServiceSpecification";
  specCharacteristic: CharacteristicSpecification[];
}

/**
 * Returns the characteristics of `specification` with the defaults of
 * `artifactRegistry` and `targetCluster` taken from `domain`, so that a DO
 * configured with its own registry or cluster name publishes those.
 */
function characteristicsForDomain(
  specification: ServiceSpecificationDefinition,
  domain: Domain | undefined,
): CharacteristicDefinition[] {
  if (domain === undefined) {
    return specification.specCharacteristic;
  }
  if (specification.domainId !== domain.id) {
    throw new Error(
      `Service specification "${specification.slug}" belongs to domain "${specification.domainId}", not to "${domain.id}"`,
    );
  }
  return specification.specCharacteristic.map((characteristic) => {
    switch (characteristic.name) {
      case "artifactRegistry":
        return { ...characteristic, default: domain.artifactRegistry };
      case "targetCluster":
        return { ...characteristic, default: domain.computeCluster };
      default:
        return characteristic;
    }
  });
}

function toCharacteristicValueSpecifications(
  characteristic: CharacteristicDefinition,
): CharacteristicValueSpecification[] {
  const { valueType, unit, allowedValues, range } = characteristic;
  const unitOfMeasure = unit === undefined ? {} : { unitOfMeasure: unit };

  if (allowedValues !== undefined) {
    return allowedValues.map((value) => ({
      valueType,
      value,
      isDefault: value === characteristic.default,
      ...unitOfMeasure,
    }));
  }

  if (range !== undefined) {
    return [
      {
        valueType,
        valueFrom: range.min,
        valueTo: range.max,
        rangeInterval: "closed",
        value: characteristic.default,
        isDefault: true,
        ...unitOfMeasure,
      },
    ];
  }

  const regex = characteristic.pattern === undefined ? {} : { regex: characteristic.pattern };
  return [{ valueType, value: characteristic.default, isDefault: true, ...unitOfMeasure, ...regex }];
}

export function toCharacteristicSpecification(characteristic: CharacteristicDefinition): CharacteristicSpecification {
  return {
    name: characteristic.name,
    description: characteristic.description,
    valueType: characteristic.valueType,
    configurable: characteristic.configurable,
    minCardinality: characteristic.mandatory ? 1 : 0,
    maxCardinality: 1,
    "@type": "CharacteristicSpecification",
    characteristicValueSpecification: toCharacteristicValueSpecifications(characteristic),
  };
}

/**
 * Builds the TMF633 create body of a specification as `domain`'s DO publishes
 * it. Category references are left out because the DO adds them once the
 * categories exist. Throws when the specification belongs to another domain.
 */
export function toServiceSpecification(
  specification: ServiceSpecificationDefinition,
  domain: Domain,
): ServiceSpecificationCreate {
  return {
    name: specification.name,
    description: specification.description,
    version: specification.version,
    lifecycleStatus: "Active",
    isBundle: false,
    "@type": "ServiceSpecification",
    specCharacteristic: characteristicsForDomain(specification, domain).map(toCharacteristicSpecification),
  };
}

/**
 * Returns the default value of every characteristic by name: the
 * characteristics of an order that names only the service. With `domain`,
 * the registry and cluster defaults are that domain's, as in
 * `toServiceSpecification`.
 */
export function defaultCharacteristicValues(
  specification: ServiceSpecificationDefinition,
  domain?: Domain,
): Record<string, CharacteristicValue> {
  return Object.fromEntries(
    characteristicsForDomain(specification, domain).map((characteristic) => [
      characteristic.name,
      characteristic.default,
    ]),
  );
}

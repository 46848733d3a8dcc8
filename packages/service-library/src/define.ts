import type {
  Availability,
  CharacteristicDefinition,
  Domain,
  ServiceSpecificationDefinition,
} from "./schema";

/** Service-specific part of a specification, which `defineSpecification` completes. */
export interface SpecificationInput {
  slug: string;
  name: string;
  description: string;
  categorySlugs: string[];
  availability: Availability;
  tags: string[];
  /** Default Helm chart or image name in the domain's registry. */
  artifactName: string;
  /** Characteristics of this service only, without the order parameters and `replicas`. */
  characteristics: CharacteristicDefinition[];
}

/**
 * Builds the characteristics that every service order carries. Their defaults
 * point at the domain's own registry and compute cluster.
 */
export function orderParameters(domain: Domain, artifactName: string): CharacteristicDefinition[] {
  return [
    {
      name: "artifactRegistry",
      description: "OCI registry from which the domain orchestrator pulls the service's artifact.",
      valueType: "string",
      mandatory: true,
      configurable: false,
      default: domain.artifactRegistry,
    },
    {
      name: "artifactName",
      description: "Name of the Helm chart or container image inside the registry.",
      valueType: "string",
      mandatory: true,
      configurable: false,
      default: artifactName,
    },
    {
      name: "artifactVersion",
      description: "Version of the artifact to deploy. Changing it after ordering upgrades the running service.",
      valueType: "string",
      mandatory: true,
      configurable: true,
      default: "1.0.0",
      // An OCI tag: what a registry accepts as the version of an artifact.
      pattern: "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$",
    },
    {
      name: "orderDuration",
      description: "Number of days the service runs before the domain orchestrator terminates it.",
      valueType: "integer",
      mandatory: true,
      configurable: true,
      default: 30,
      range: { min: 1, max: 365 },
      unit: "days",
    },
    {
      name: "targetCluster",
      description: "Compute cluster of the domain into which the service is deployed.",
      valueType: "string",
      mandatory: true,
      configurable: false,
      default: domain.computeCluster,
    },
  ];
}

export const replicasCharacteristic: CharacteristicDefinition = {
  name: "replicas",
  description: "Number of pod replicas of the service's main workload.",
  valueType: "integer",
  mandatory: true,
  configurable: true,
  default: 1,
  range: { min: 1, max: 10 },
};

/** Completes a specification of `domain`: version 1.0.0, order parameters first, `replicas` last. */
export function defineSpecification(domain: Domain, input: SpecificationInput): ServiceSpecificationDefinition {
  const { artifactName, characteristics, ...rest } = input;
  return {
    ...rest,
    version: "1.0.0",
    domainId: domain.id,
    specCharacteristic: [...orderParameters(domain, artifactName), ...characteristics, replicasCharacteristic],
  };
}

import { orderParameters, toCharacteristicSpecification, type CharacteristicSpecification, type Domain } from "@cop-pilot/service-library";
import type { DatasetSummary } from "./dcat";

// A dataset is offered as a Data-as-a-Service specification in the domain's
// TMF633 catalogue. Ordering it through TMF641 deploys the access service
// like any other service, and the characteristics below tell the DM whom to
// grant access and with which token.

/** Artifact that the DO deploys for a DaaS order: the NGSI-LD access endpoint of the dataset. */
export const daasArtifactName = "ngsi-ld-dataset-access";

/** Names of the characteristics that every DaaS specification adds to the order parameters. */
export const daasCharacteristicNames = {
  datasetId: "datasetId",
  entityType: "entityType",
  consumerParty: "consumerParty",
  accessMode: "accessMode",
  accessTokenSha256: "accessTokenSha256",
} as const;

// Every characteristic has a default, as everywhere on the platform, so that
// an order naming only the service is complete. The defaults grant nothing:
// no token hashes to 64 zeros, and the DM ignores that value.

/** Default of `consumerParty`: the order names no consumer. */
export const unassignedConsumer = "unassigned";
/** Default of `accessTokenSha256`: an order with it grants no access. */
export const noAccessTokenSha256 = "0".repeat(64);

/** `@baseType` marking a specification as Data-as-a-Service, so that portals and the DM can find them. */
export const daasBaseType = "DataServiceSpecification";

function fixed(name: string, description: string, value: string): CharacteristicSpecification {
  return {
    name,
    description,
    valueType: "string",
    configurable: false,
    minCardinality: 1,
    maxCardinality: 1,
    "@type": "CharacteristicSpecification",
    characteristicValueSpecification: [{ valueType: "string", value, isDefault: true }],
  };
}

/**
 * Builds the TMF633 create body of the DaaS specification of a dataset. The
 * ordering party names itself in `consumerParty` and sends the SHA-256 of a
 * bearer token it generated in `accessTokenSha256`. So the token itself
 * never passes through the orchestrators.
 */
export function toDaasSpecification(dataset: DatasetSummary, domain: Domain) {
  const { description } = dataset;
  const specCharacteristic: CharacteristicSpecification[] = [
    ...orderParameters(domain, daasArtifactName).map(toCharacteristicSpecification),
    fixed(daasCharacteristicNames.datasetId, "Id of the dataset in the domain's Data Management.", dataset.id),
    fixed(daasCharacteristicNames.entityType, "NGSI-LD entity type of the dataset's entities.", dataset.entityType),
    {
      name: daasCharacteristicNames.consumerParty,
      description: "Party (usually a domain id such as valencia) that receives access to the dataset.",
      valueType: "string",
      configurable: true,
      minCardinality: 1,
      maxCardinality: 1,
      "@type": "CharacteristicSpecification",
      characteristicValueSpecification: [{ valueType: "string", value: unassignedConsumer, regex: "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", isDefault: true }],
    },
    {
      name: daasCharacteristicNames.accessMode,
      description: "read: query entities and their history; subscribe: also create NGSI-LD subscriptions to changes.",
      valueType: "string",
      configurable: true,
      minCardinality: 1,
      maxCardinality: 1,
      "@type": "CharacteristicSpecification",
      characteristicValueSpecification: [
        { valueType: "string", value: "read", isDefault: true },
        { valueType: "string", value: "subscribe", isDefault: false },
      ],
    },
    {
      name: daasCharacteristicNames.accessTokenSha256,
      description: "SHA-256, in lower-case hex, of the bearer token the consumer will present to the NGSI-LD endpoint.",
      valueType: "string",
      configurable: true,
      minCardinality: 1,
      maxCardinality: 1,
      "@type": "CharacteristicSpecification",
      characteristicValueSpecification: [{ valueType: "string", value: noAccessTokenSha256, regex: "^[0-9a-f]{64}$", isDefault: true }],
    },
  ];
  const keywords = description.keywords.length > 0 ? ` Keywords: ${description.keywords.join(", ")}.` : "";
  return {
    name: `${dataset.title} (Data-as-a-Service)`,
    description: `${description.description} Licence ${description.license}; updated ${description.accrualPeriodicity}.${keywords}`,
    version: "1.0.0",
    lifecycleStatus: "Active",
    isBundle: false,
    "@type": "ServiceSpecification",
    "@baseType": daasBaseType,
    specCharacteristic,
  };
}

/** Returns the value of a characteristic of an order item or service, if it is a string. */
export function characteristicValue(characteristics: readonly { name: string; value?: unknown }[] | undefined, name: string): string | undefined {
  const value = characteristics?.find((characteristic) => characteristic.name === name)?.value;
  return typeof value === "string" ? value : undefined;
}

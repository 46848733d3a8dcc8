export { domains, getDomain, isDomainId } from "./domains";
export { catalogs, catalogOfDomain, findSpecification, specifications, specificationsOfDomain } from "./library";
export { orderParameters, replicasCharacteristic } from "./define";
export {
  defaultCharacteristicValues,
  toCharacteristicSpecification,
  toServiceSpecification,
  type CharacteristicSpecification,
  type CharacteristicValueSpecification,
  type ServiceSpecificationCreate,
} from "./tmf633";
export {
  availabilitySchema,
  characteristicDefinitionSchema,
  characteristicValueSchema,
  domainIds,
  domainIdSchema,
  domainSchema,
  orderParameterNames,
  serviceCatalogDefinitionSchema,
  serviceCategoryDefinitionSchema,
  serviceSpecificationDefinitionSchema,
  slugSchema,
  valueTypes,
  type Availability,
  type CharacteristicDefinition,
  type CharacteristicValue,
  type Domain,
  type DomainId,
  type OrderParameterName,
  type PilotCluster,
  type ServiceCatalogDefinition,
  type ServiceCategoryDefinition,
  type ServiceSpecificationDefinition,
  type ValueType,
} from "./schema";

import { centralMacedoniaCatalog } from "./catalogs/central-macedonia";
import { luleaCatalog } from "./catalogs/lulea";
import { portugalSpainCatalog } from "./catalogs/portugal-spain";
import { prevezaCatalog } from "./catalogs/preveza";
import { valenciaCatalog } from "./catalogs/valencia";
import { getDomain } from "./domains";
import type { ServiceCatalogDefinition, ServiceSpecificationDefinition } from "./schema";

/** One TMF633 service catalog per domain, in the order of `domains`. */
export const catalogs: readonly ServiceCatalogDefinition[] = [
  luleaCatalog,
  valenciaCatalog,
  centralMacedoniaCatalog,
  prevezaCatalog,
  portugalSpainCatalog,
];

/** Every service specification of the library, catalog by catalog. */
export const specifications: readonly ServiceSpecificationDefinition[] = catalogs.flatMap(
  (catalog) => catalog.specifications,
);

/** Returns the service catalog of a domain, or throws when the domain id is unknown. */
export function catalogOfDomain(domainId: string): ServiceCatalogDefinition {
  const domain = getDomain(domainId);
  const catalog = catalogs.find((candidate) => candidate.domainId === domain.id);
  if (catalog === undefined) {
    throw new Error(`Domain "${domain.id}" has no service catalog in the library`);
  }
  return catalog;
}

/** Returns the service specifications of a domain, or throws when the domain id is unknown. */
export function specificationsOfDomain(domainId: string): readonly ServiceSpecificationDefinition[] {
  return catalogOfDomain(domainId).specifications;
}

/** Returns the specification with this slug, or undefined. */
export function findSpecification(slug: string): ServiceSpecificationDefinition | undefined {
  return specifications.find((specification) => specification.slug === slug);
}

import type { Domain, DomainId } from "./schema";

// One domain per COP-PILOT pilot cluster. Registry hosts use the reserved
// ".test" top-level domain (RFC 6761), so a default never resolves to a real
// server.

export const lulea: Domain = {
  id: "lulea",
  name: "Luleå Mining Domain",
  pilotCluster: { code: "CL1", name: "Business Integration in Mining" },
  sector: "Mining",
  description:
    "Edge and cloud resources serving underground mines in Norrbotten: seismic monitoring, asset tracking and conveyor condition monitoring.",
  location: { city: "Luleå", region: "Norrbotten", countryCode: "SE", latitude: 65.5848, longitude: 22.1547 },
  orchestratorPort: 3101,
  artifactRegistry: "oci://registry.lulea.cop-pilot.test/charts",
  computeCluster: "lulea-edge-cluster",
};

export const valencia: Domain = {
  id: "valencia",
  name: "Valencia Smart City Domain",
  pilotCluster: { code: "CL2", name: "Valencia Smart City" },
  sector: "Smart cities",
  description:
    "City platform of Valencia connecting traffic radars, building and environmental sensors, flood monitoring and the port's maritime traffic.",
  location: { city: "Valencia", region: "Valencian Community", countryCode: "ES", latitude: 39.4699, longitude: -0.3763 },
  orchestratorPort: 3102,
  artifactRegistry: "oci://registry.valencia.cop-pilot.test/charts",
  computeCluster: "valencia-edge-cluster",
};

export const centralMacedonia: Domain = {
  id: "central-macedonia",
  name: "Central Macedonia AgriTech Domain",
  pilotCluster: { code: "CL3A", name: "AgriTech Transformation" },
  sector: "Agriculture",
  description:
    "Farm-side edge resources around Thessaloniki for farm management, pest detection, produce logistics and private 5G coverage of fields.",
  location: {
    city: "Thessaloniki",
    region: "Central Macedonia",
    countryCode: "GR",
    latitude: 40.6401,
    longitude: 22.9444,
  },
  orchestratorPort: 3103,
  artifactRegistry: "oci://registry.central-macedonia.cop-pilot.test/charts",
  computeCluster: "central-macedonia-edge-cluster",
};

export const preveza: Domain = {
  id: "preveza",
  name: "Preveza Energy Grid Domain",
  pilotCluster: { code: "CL3E", name: "Edge Intelligence for Energy Grid Reliability" },
  sector: "Energy",
  description:
    "Edge intelligence for the distribution grid around Preveza: flexibility management, EV charger operation and a biogas plant.",
  location: { city: "Preveza", region: "Epirus", countryCode: "GR", latitude: 38.9597, longitude: 20.7517 },
  orchestratorPort: 3104,
  artifactRegistry: "oci://registry.preveza.cop-pilot.test/charts",
  computeCluster: "preveza-edge-cluster",
};

export const portugalSpain: Domain = {
  id: "portugal-spain",
  name: "Portugal–Spain Vineyards Domain",
  pilotCluster: { code: "CL4", name: "Smart Vineyards & Sustainable Winery Ecosystems" },
  sector: "Viticulture and winemaking",
  description:
    "Vineyard and winery resources, centred on the Douro valley, for irrigation, production line optimisation, energy use and the life cycle of field sensors.",
  location: {
    city: "Peso da Régua",
    region: "Douro Valley",
    countryCode: "PT",
    latitude: 41.1636,
    longitude: -7.7894,
  },
  orchestratorPort: 3105,
  artifactRegistry: "oci://registry.portugal-spain.cop-pilot.test/charts",
  computeCluster: "portugal-spain-edge-cluster",
};

/** The five domains, in cluster order CL1, CL2, CL3A, CL3E, CL4. */
export const domains: readonly Domain[] = [lulea, valencia, centralMacedonia, preveza, portugalSpain];

const domainsById = new Map<DomainId, Domain>(domains.map((domain) => [domain.id, domain]));

export function isDomainId(value: string): value is DomainId {
  return domainsById.has(value as DomainId);
}

/** Returns the domain with this id, or throws an error that lists the known ids. */
export function getDomain(id: string): Domain {
  const domain = isDomainId(id) ? domainsById.get(id) : undefined;
  if (domain === undefined) {
    throw new Error(`Unknown domain "${id}": expected one of ${domains.map((known) => known.id).join(", ")}`);
  }
  return domain;
}

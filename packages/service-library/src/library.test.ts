import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  catalogOfDomain,
  catalogs,
  characteristicDefinitionSchema,
  domains,
  domainSchema,
  findSpecification,
  getDomain,
  orderParameterNames,
  serviceCatalogDefinitionSchema,
  specifications,
  specificationsOfDomain,
  type CharacteristicDefinition,
} from "./index";

// The library is plain typed data. It is parsed here, once, when this test
// module loads, so that importing the package never pays for validation.
const domainsResult = z.array(domainSchema).safeParse(domains);
const catalogsResult = z.array(serviceCatalogDefinitionSchema).safeParse(catalogs);

function issueMessages(error: z.ZodError | undefined): string {
  return error?.issues.map((issue) => issue.message).join("\n") ?? "";
}

function allCharacteristics(): { slug: string; characteristic: CharacteristicDefinition }[] {
  return specifications.flatMap((specification) =>
    specification.specCharacteristic.map((characteristic) => ({ slug: specification.slug, characteristic })),
  );
}

describe("library schema", () => {
  it("validates every domain", () => {
    expect(domainsResult.success ? "" : z.prettifyError(domainsResult.error)).toBe("");
  });

  it("validates every catalog and specification", () => {
    expect(catalogsResult.success ? "" : z.prettifyError(catalogsResult.error)).toBe("");
  });

  const invalidCharacteristics: [string, Partial<CharacteristicDefinition>, string][] = [
    ["default of wrong type", { valueType: "integer", default: "16" }, "not of value type integer"],
    ["fractional integer default", { valueType: "integer", default: 1.5, range: undefined }, "not of value type integer"],
    ["default outside range", { default: 600, range: { min: 1, max: 512 } }, "outside its range"],
    ["default not allowed", { default: 300, range: undefined, allowedValues: [250, 500] }, "not one of its allowed values"],
    ["range and allowed values", { allowedValues: [16, 32] }, "both allowedValues and a range"],
    ["empty range", { range: { min: 10, max: 1 } }, "range of \"sensorCount\" is empty"],
    ["range on a string", { valueType: "string", default: "x", range: { min: 1, max: 2 } }, "is not numeric"],
    ["repeated allowed value", { range: undefined, allowedValues: [16, 16] }, "lists an allowed value twice"],
    ["non-camelCase name", { name: "sensor_count" }, "lowerCamelCase"],
  ];

  it.each(invalidCharacteristics)("rejects a characteristic with %s", (_case, change, message) => {
    const valid: CharacteristicDefinition = {
      name: "sensorCount",
      description: "Number of sensors.",
      valueType: "integer",
      mandatory: true,
      configurable: true,
      default: 16,
      range: { min: 1, max: 512 },
    };
    const result = characteristicDefinitionSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    expect(issueMessages(result.error)).toContain(message);
  });

  it("rejects a specification in a category its catalog lacks", () => {
    const catalog = catalogs[0]!;
    const specification = { ...catalog.specifications[0]!, categorySlugs: ["no-such-category"] };
    const result = serviceCatalogDefinitionSchema.safeParse({ ...catalog, specifications: [specification] });
    expect(result.success).toBe(false);
    expect(issueMessages(result.error)).toContain('refers to category "no-such-category"');
  });
});

describe("identifiers", () => {
  it("specification slugs are unique", () => {
    const slugs = specifications.map((specification) => specification.slug);
    expect(slugs.filter((slug, index) => slugs.indexOf(slug) !== index)).toEqual([]);
  });

  it("category and catalog slugs are unique", () => {
    const slugs = catalogs.flatMap((catalog) => [catalog.slug, ...catalog.categories.map((category) => category.slug)]);
    expect(slugs.filter((slug, index) => slugs.indexOf(slug) !== index)).toEqual([]);
  });

  it("specification names are unique", () => {
    const names = specifications.map((specification) => specification.name);
    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
  });
});

describe("order parameters", () => {
  it.each(specifications.map((specification) => [specification.slug, specification] as const))(
    "%s starts with the five order parameters",
    (_slug, specification) => {
      const names = specification.specCharacteristic.map((characteristic) => characteristic.name);
      expect(names.slice(0, orderParameterNames.length)).toEqual([...orderParameterNames]);
    },
  );

  it.each(specifications.map((specification) => [specification.slug, specification] as const))(
    "%s has order parameter defaults of its domain",
    (_slug, specification) => {
      const domain = getDomain(specification.domainId);
      const byName = new Map(specification.specCharacteristic.map((characteristic) => [characteristic.name, characteristic]));

      expect(byName.get("artifactRegistry")?.default).toBe(domain.artifactRegistry);
      expect(byName.get("targetCluster")?.default).toBe(domain.computeCluster);
      expect(byName.get("artifactVersion")?.default).toBe("1.0.0");
      expect(byName.get("artifactName")?.default).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);

      const orderDuration = byName.get("orderDuration");
      expect(orderDuration?.valueType).toBe("integer");
      expect(orderDuration?.unit).toBe("days");
      expect(orderDuration?.default).toBe(30);
      expect(orderDuration?.range).toEqual({ min: 1, max: 365 });
    },
  );

  it.each(specifications.map((specification) => [specification.slug, specification] as const))(
    "%s has configurable replicas 1..10",
    (_slug, specification) => {
      const replicas = specification.specCharacteristic.find((characteristic) => characteristic.name === "replicas");
      expect(replicas?.valueType).toBe("integer");
      expect(replicas?.configurable).toBe(true);
      expect(replicas?.default).toBe(1);
      expect(replicas?.range).toEqual({ min: 1, max: 10 });
    },
  );

  // Identity and placement stay as ordered; the workload's version and size may change on a running service.
  const fixedAfterOrdering = ["artifactRegistry", "artifactName", "targetCluster", "locationSite", "sliceType", "channelName"];
  const changeableAfterOrdering = ["artifactVersion", "replicas"];

  it.each(specifications.map((specification) => [specification.slug, specification] as const))(
    "%s keeps identity and placement fixed",
    (_slug, specification) => {
      for (const characteristic of specification.specCharacteristic) {
        if (fixedAfterOrdering.includes(characteristic.name)) expect(characteristic.configurable, characteristic.name).toBe(false);
        if (changeableAfterOrdering.includes(characteristic.name)) expect(characteristic.configurable, characteristic.name).toBe(true);
      }
    },
  );

  it.each(specifications.map((specification) => [specification.slug, specification] as const))(
    "%s has two to five service-specific characteristics",
    (_slug, specification) => {
      const specificCount = specification.specCharacteristic.length - orderParameterNames.length - 1;
      expect(specificCount).toBeGreaterThanOrEqual(2);
      expect(specificCount).toBeLessThanOrEqual(5);
    },
  );

  it("registry hosts are reserved test names", () => {
    for (const domain of domains) {
      expect(new URL(domain.artifactRegistry.replace(/^oci:/, "https:")).hostname).toMatch(/\.test$/);
    }
  });
});

describe("characteristic defaults", () => {
  it("exist for every characteristic", () => {
    const missing = allCharacteristics()
      .filter(({ characteristic }) => characteristic.default === undefined)
      .map(({ slug, characteristic }) => `${slug}.${characteristic.name}`);
    expect(missing).toEqual([]);
  });

  it("lie within allowed values", () => {
    const outside = allCharacteristics()
      .filter(({ characteristic }) => characteristic.allowedValues !== undefined)
      .filter(({ characteristic }) => !characteristic.allowedValues!.includes(characteristic.default))
      .map(({ slug, characteristic }) => `${slug}.${characteristic.name}`);
    expect(outside).toEqual([]);
  });

  it("lie within ranges", () => {
    const outside = allCharacteristics()
      .filter(({ characteristic }) => characteristic.range !== undefined)
      .filter(({ characteristic }) => {
        const value = characteristic.default;
        const { min, max } = characteristic.range!;
        return typeof value !== "number" || value < min || value > max;
      })
      .map(({ slug, characteristic }) => `${slug}.${characteristic.name}`);
    expect(outside).toEqual([]);
  });

  it("match their value types", () => {
    const mismatched = allCharacteristics()
      .filter(({ characteristic }) => {
        const value = characteristic.default;
        switch (characteristic.valueType) {
          case "integer":
            return !Number.isInteger(value);
          case "number":
            return typeof value !== "number";
          default:
            return typeof value !== characteristic.valueType;
        }
      })
      .map(({ slug, characteristic }) => `${slug}.${characteristic.name}`);
    expect(mismatched).toEqual([]);
  });
});

describe("domains", () => {
  it("are the five pilot clusters in order", () => {
    expect(domains.map((domain) => [domain.id, domain.pilotCluster.code, domain.orchestratorPort])).toEqual([
      ["lulea", "CL1", 3101],
      ["valencia", "CL2", 3102],
      ["central-macedonia", "CL3A", 3103],
      ["preveza", "CL3E", 3104],
      ["portugal-spain", "CL4", 3105],
    ]);
  });

  it("lie in their countries", () => {
    const expected: Record<string, { countryCode: string; latitude: [number, number]; longitude: [number, number] }> = {
      lulea: { countryCode: "SE", latitude: [65, 66], longitude: [21, 23] },
      valencia: { countryCode: "ES", latitude: [39, 40], longitude: [-1, 0] },
      "central-macedonia": { countryCode: "GR", latitude: [40, 41.5], longitude: [22, 24] },
      preveza: { countryCode: "GR", latitude: [38.5, 39.5], longitude: [20, 21.5] },
      "portugal-spain": { countryCode: "PT", latitude: [40.5, 42], longitude: [-8.5, -6.5] },
    };
    for (const domain of domains) {
      const { countryCode, latitude, longitude } = expected[domain.id]!;
      expect(domain.location.countryCode).toBe(countryCode);
      expect(domain.location.latitude).toBeGreaterThanOrEqual(latitude[0]);
      expect(domain.location.latitude).toBeLessThanOrEqual(latitude[1]);
      expect(domain.location.longitude).toBeGreaterThanOrEqual(longitude[0]);
      expect(domain.location.longitude).toBeLessThanOrEqual(longitude[1]);
    }
  });

  it("getDomain rejects an unknown id", () => {
    expect(() => getDomain("atlantis")).toThrow('Unknown domain "atlantis": expected one of lulea, valencia');
  });

  it("specificationsOfDomain rejects an unknown id", () => {
    expect(() => specificationsOfDomain("atlantis")).toThrow('Unknown domain "atlantis"');
  });
});

describe("catalogs", () => {
  const expectedCategories: Record<string, { catalog: string; categories: string[] }> = {
    lulea: {
      catalog: "CL1 – Business Integration in Mining",
      categories: [
        "UC1.1 – Seismic processing",
        "UC1.2 – Asset tracking",
        "UC1.3 – Condition monitoring",
        "UC1.4 – Edge-Cloud Continuum Platform",
      ],
    },
    valencia: {
      catalog: "CL2 – Valencia Smart City",
      categories: [
        "Cross-UC Smart City Stack",
        "UC2.1A – 5G-Connected Radars for Traffic Classification and Vehicle Counting",
        "UC2.1B – Flood Warning and Mitigation via Radar Sensing",
        "UC2.1 + UC2.2 + UC2.4 – IoT-Driven Smart Building and Environmental Management",
        "UC2.3 – Maritime Traffic Monitoring and Berthing Assistance",
      ],
    },
    "central-macedonia": {
      catalog: "CL3A – AgriTech Transformation",
      categories: [
        "Farm Management Information System",
        "Pest Detection",
        "Logistics and Traceability",
        "Private 5G Network Management",
      ],
    },
    preveza: {
      catalog: "CL3E – Edge Intelligence for Energy Grid Reliability",
      categories: [
        "UC3E.1 – Flexibility Management",
        "UC3E.2 – EV Chargers Management",
        "UC3E.3 – Biogas Plant Management",
      ],
    },
    "portugal-spain": {
      catalog: "CL4 – Smart Vineyards & Sustainable Winery Ecosystems",
      categories: [
        "UC4.1 – Recycling, Maintenance and Logistics of IoT Sensors",
        "UC4.2 – Smart Vineyard Irrigation and Water Use Optimisation",
        "UC4.3 – Sustainable Winery Production Line Optimisation",
        "UC4.4 – Sustainable Vineyards",
      ],
    },
  };

  it.each(Object.entries(expectedCategories))("%s has the categories of its cluster", (domainId, expected) => {
    const catalog = catalogOfDomain(domainId);
    expect(catalog.name).toBe(expected.catalog);
    expect(catalog.categories.map((category) => category.name)).toEqual(expected.categories);
  });

  it("are one per domain, in domain order", () => {
    expect(catalogs.map((catalog) => catalog.domainId)).toEqual(domains.map((domain) => domain.id));
  });

  it("have a specification in every category", () => {
    const empty = catalogs.flatMap((catalog) =>
      catalog.categories
        .filter((category) => !catalog.specifications.some((specification) => specification.categorySlugs.includes(category.slug)))
        .map((category) => category.name),
    );
    expect(empty).toEqual([]);
  });

  it("have the expected count per domain", () => {
    const counts = Object.fromEntries(domains.map((domain) => [domain.id, specificationsOfDomain(domain.id).length]));
    expect(counts).toEqual({ lulea: 8, valencia: 9, "central-macedonia": 5, preveza: 9, "portugal-spain": 7 });
    expect(specifications).toHaveLength(38);
  });

  it("list a shared specification once", () => {
    const valencia = catalogOfDomain("valencia");
    expect(findSpecification("smart-city-stack")?.categorySlugs).toHaveLength(valencia.categories.length);
    expect(findSpecification("alert-notification")?.categorySlugs).toHaveLength(2);
    expect(valencia.specifications.filter((specification) => specification.name === "Smart City Stack")).toHaveLength(1);
  });

  it("include first-period specifications as done", () => {
    const firstPeriod = [
      "ColonyOS Blueprint Reconciler",
      "Waste Collection Alerting",
      "Smart City Event Management",
      "AgroApps 360°",
      "AI Pest Detection",
      "PowerFleet",
      "K8saaS OCM",
      "Biogas Sensing",
      "Biogas Visualisation",
      "Aquaview",
      "theTorre",
    ];
    for (const name of firstPeriod) {
      const specification = specifications.find((candidate) => candidate.name === name);
      expect(specification, name).toBeDefined();
      expect(specification?.availability.done, name).toBe(true);
    }
  });
});

import { describe, expect, it } from "vitest";
import type { ServiceSpecification } from "@cop-pilot/tmf-schemas";
import { serviceDomainOf } from "./service-domain";

function specification(extra: Record<string, unknown>): ServiceSpecification {
  return { id: "spec-1", name: "Seismic processing", ...extra } as ServiceSpecification;
}

describe("serviceDomainOf", () => {
  it("matches a pilot domain by the peer name", () => {
    const domain = serviceDomainOf(
      specification({ domain: { id: "3f0c5a52-peer", name: "Luleå Mining Domain", location: { name: null, latitude: 65.58, longitude: 22.15 }, remoteId: "r-1" } }),
    );
    expect(domain).toMatchObject({ id: "lulea", name: "Luleå Mining Domain", pilotCluster: { code: "CL1" }, location: { name: "Luleå, SE", latitude: 65.58 } });
  });

  it("falls back to the related party", () => {
    const domain = serviceDomainOf(specification({ relatedParty: [{ id: "org-1", name: "Valencia Smart City Domain", role: "Owner" }] }));
    expect(domain).toMatchObject({ id: "valencia", pilotCluster: { code: "CL2" } });
  });

  it("keeps a domain outside the pilots", () => {
    const domain = serviceDomainOf(specification({ domain: { id: "peer-9", name: "Test Lab", location: { name: "Athens, GR", latitude: 37.98, longitude: 23.72 } } }));
    expect(domain).toEqual({ id: "peer-9", name: "Test Lab", pilotCluster: undefined, location: { name: "Athens, GR", latitude: 37.98, longitude: 23.72 } });
  });

  it("returns undefined without any domain", () => {
    expect(serviceDomainOf(specification({}))).toBeUndefined();
  });
});

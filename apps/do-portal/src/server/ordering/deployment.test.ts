import { describe, expect, it } from "vitest";
import { getDomain } from "@cop-pilot/service-library";
import {
  deploymentNameOf,
  deploymentProblemsOf,
  deploymentRefFromResource,
  deploymentRequestOf,
  deploymentResourceRef,
  isLegacyDeploymentRef,
} from "./deployment";
import type { ServiceOrderItemDocument } from "./documents";

const domain = getDomain("valencia");
const order = { id: "5f0c2d1e-8a3b-4c5d-9e6f-0a1b2c3d4e5f" };

function item(name: string, characteristics: Record<string, unknown>, id = "1"): ServiceOrderItemDocument {
  return {
    id,
    action: "add",
    state: "acknowledged",
    service: { name, serviceCharacteristic: Object.entries(characteristics).map(([key, value]) => ({ name: key, value })) },
  };
}

const artifact = { artifactRegistry: domain.artifactRegistry, artifactName: "traffic-radar", artifactVersion: "2.1.0" };

describe("deployment of an order item", () => {
  it("names it after service, order and item", () => {
    expect(deploymentNameOf({ id: "5f0c2d1e" }, item("Traffic Radar", artifact))).toBe("traffic-radar-5f0c2d1e-1");
  });

  it("keeps orders that share an id prefix apart", () => {
    const first = deploymentNameOf(order, item("Traffic Radar Analytics", artifact));
    const second = deploymentNameOf({ id: "5f0c2d1e-0000-4000-8000-000000000000" }, item("Traffic Radar Analytics", artifact));

    expect(first).not.toBe(second);
  });

  it("keeps long names within 63 characters", () => {
    const name = deploymentNameOf(order, item("A".repeat(80), artifact));

    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
  });

  it("passes only service characteristics as config", () => {
    const request = deploymentRequestOf(order, item("Radar", { ...artifact, replicas: 3, orderDuration: 7, targetCluster: domain.computeCluster, radarCount: 12, mode: "live" }), domain);

    expect(request.namespace).toBe("valencia");
    expect(request.replicas).toBe(3);
    expect(request.artifact).toEqual({ registry: domain.artifactRegistry, name: "traffic-radar", version: "2.1.0" });
    expect(request.config).toEqual({ radarCount: "12", mode: "live" });
    expect(request.labels).toEqual({ "cop-pilot/service-order-id": order.id, "cop-pilot/service-order-item-id": "1" });
  });

  it("leaves out an item id that is no label value", () => {
    const request = deploymentRequestOf(order, item("Radar", artifact, "item #1"), domain);

    expect(request.labels).not.toHaveProperty("cop-pilot/service-order-item-id");
  });

  it("names the characteristic of an invalid artifact", () => {
    expect(deploymentProblemsOf(order, item("Radar", { ...artifact, artifactVersion: "-bad" }), domain)).toEqual([
      expect.stringMatching(/^artifactVersion /),
    ]);
  });

  it("reports missing artifact characteristics", () => {
    const problems = deploymentProblemsOf(order, item("Radar", { artifactName: "radar" }), domain);

    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^artifactRegistry has no value/);
    expect(problems[1]).toMatch(/^artifactVersion has no value/);
  });

  it("reads a deployment back from its resource ref", () => {
    const ref = { namespace: "valencia", name: "radar-5f0c2d1e-1" };

    expect(deploymentRefFromResource(deploymentResourceRef(ref, "http://127.0.0.1:39610"))).toEqual(ref);
    expect(deploymentRefFromResource({ id: "valencia/radar", "@referredType": "Deployment" })).toBeUndefined();
  });

  it("refers to the deployment's TMF639 resource", () => {
    const ref = { namespace: "valencia", name: "radar-5f0c2d1e-1" };

    expect(deploymentResourceRef(ref, "http://127.0.0.1:39610")).toEqual({
      id: "valencia.radar-5f0c2d1e-1",
      href: "http://127.0.0.1:39610/tmf-api/resourceInventoryManagement/v4/resource/valencia.radar-5f0c2d1e-1",
      name: "valencia/radar-5f0c2d1e-1",
      "@referredType": "KubernetesDeployment",
    });
  });

  it("reads a legacy deployment ref", () => {
    const legacy = { id: "valencia/radar-5f0c2d1e-1", name: "radar-5f0c2d1e-1", "@referredType": "KubernetesDeployment" };

    expect(isLegacyDeploymentRef(legacy)).toBe(true);
    expect(deploymentRefFromResource(legacy)).toEqual({ namespace: "valencia", name: "radar-5f0c2d1e-1" });
  });
});

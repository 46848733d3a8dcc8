import { describe, expect, it } from "vitest";
import { deploymentRequestSchema, imageReference, toDeploymentName } from "./driver";
import { ClusterError } from "./errors";
import { formatCpuMillicores, formatMemoryBytes, parseQuantity } from "./quantity";

const validRequest = {
  namespace: "lulea",
  name: "video-analytics",
  artifact: { registry: "oci://registry.lulea.cop-pilot.test/charts", name: "video-analytics", version: "1.2.0" },
};

describe("toDeploymentName", () => {
  it.each([
    ["Video Analytics", "video-analytics"],
    ["  --Edge_Cache.v2-- ", "edge-cache-v2"],
    ["Luleå Örebro", "lulea-orebro"],
    ["3f2a9c1e-service", "svc-3f2a9c1e-service"],
  ])("derives %j as %j", (text, expected) => {
    expect(toDeploymentName(text)).toBe(expected);
  });

  it("shortens long text with a hash suffix", () => {
    const first = toDeploymentName(`${"a".repeat(70)}-one`);
    const second = toDeploymentName(`${"a".repeat(70)}-two`);

    expect(first.length).toBeLessThanOrEqual(63);
    expect(first).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
    expect(first).not.toBe(second);
  });

  it("rejects text without letters or digits", () => {
    expect(() => toDeploymentName("--- ***")).toThrow(ClusterError);
  });
});

describe("deploymentRequestSchema", () => {
  it("fills in defaults", () => {
    const parsed = deploymentRequestSchema.parse(validRequest);

    expect(parsed.replicas).toBe(1);
    expect(parsed.config).toEqual({});
    expect(parsed.labels).toEqual({});
    expect(parsed.port).toBe(8080);
    expect(parsed.simulateFailure).toBe(false);
  });

  it.each([
    ["name with uppercase", { name: "Video" }, "name"],
    ["name starting with a digit", { name: "1video" }, "name"],
    ["namespace too long", { namespace: "n".repeat(64) }, "namespace"],
    ["negative replicas", { replicas: -1 }, "replicas"],
    ["fractional replicas", { replicas: 1.5 }, "replicas"],
    ["http registry", { artifact: { ...validRequest.artifact, registry: "http://registry.test/charts" } }, "artifact.registry"],
    ["artifact name with slash", { artifact: { ...validRequest.artifact, name: "team/app" } }, "artifact.name"],
    ["version with plus", { artifact: { ...validRequest.artifact, version: "1.0.0+build" } }, "artifact.version"],
    ["env name with space", { config: { "LOG LEVEL": "debug" } }, "config"],
    ["reserved label", { labels: { "app.kubernetes.io/managed-by": "me" } }, "labels"],
    ["invalid label value", { labels: { tier: "-edge" } }, "labels"],
    ["port out of range", { port: 70000 }, "port"],
  ])("rejects %s", (_case, change, field) => {
    const result = deploymentRequestSchema.safeParse({ ...validRequest, ...change });

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toContainEqual(expect.stringMatching(new RegExp(`^${field}`)));
  });
});

describe("imageReference", () => {
  it.each([
    ["oci://registry.lulea.cop-pilot.test/charts", "registry.lulea.cop-pilot.test/charts/video-analytics:1.2.0"],
    ["oci://registry.lulea.cop-pilot.test:5000/charts/", "registry.lulea.cop-pilot.test:5000/charts/video-analytics:1.2.0"],
    ["registry.lulea.cop-pilot.test", "registry.lulea.cop-pilot.test/video-analytics:1.2.0"],
  ])("maps registry %j", (registry, expected) => {
    expect(imageReference({ registry, name: "video-analytics", version: "1.2.0" })).toBe(expected);
  });
});

describe("quantities", () => {
  it.each([
    ["8", 8],
    ["250m", 0.25],
    ["32Gi", 32 * 2 ** 30],
    ["1.5k", 1500],
    ["1e3", 1000],
  ])("parses %j", (text, expected) => {
    expect(parseQuantity(text)).toBe(expected);
  });

  it("rejects text that is not a quantity", () => {
    expect(() => parseQuantity("8 cores")).toThrow();
  });

  it("formats cpu and memory", () => {
    expect(formatCpuMillicores(2000)).toBe("2");
    expect(formatCpuMillicores(750)).toBe("750m");
    expect(formatMemoryBytes(3 * 256 * 2 ** 20)).toBe("768Mi");
    expect(formatMemoryBytes(4 * 256 * 2 ** 20)).toBe("1Gi");
    expect(formatMemoryBytes(0)).toBe("0");
  });
});

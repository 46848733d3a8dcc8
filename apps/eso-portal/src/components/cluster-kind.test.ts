import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ClusterKindBadge, describeClusterKind } from "./cluster-kind";
import { SimulatedClustersNotice } from "./simulated-clusters-notice";

describe("SimulatedClustersNotice", () => {
  it("names the simulated domains", () => {
    const html = renderToStaticMarkup(createElement(SimulatedClustersNotice, { domainNames: ["Luleå", "Valencia"] }));

    expect(html).toContain('role="note"');
    expect(html).toContain('aria-label="Simulated component"');
    expect(html.replace(/<[^>]+>/g, "")).toContain("Simulated clusters: deployments in 2 domains (Luleå, Valencia) are not real");
  });

  it("counts one domain in the singular", () => {
    const html = renderToStaticMarkup(createElement(SimulatedClustersNotice, { domainNames: ["Preveza"] }));
    expect(html.replace(/<[^>]+>/g, "")).toContain("deployments in 1 domain (Preveza) are not real");
  });

  it("renders nothing without simulated domains", () => {
    expect(renderToStaticMarkup(createElement(SimulatedClustersNotice, { domainNames: [] }))).toBe("");
  });
});

describe("cluster kind", () => {
  it.each([
    ["simulated", "Simulated: deployments are not real", "simulated cluster: deployments are not real"],
    ["kubernetes", "Kubernetes", "Kubernetes cluster"],
    [null, "Not reported", "cluster kind not reported"],
  ] as const)("describes %s", (kind, badge, text) => {
    expect(renderToStaticMarkup(createElement(ClusterKindBadge, { kind })).replace(/<[^>]+>/g, "")).toBe(badge);
    expect(describeClusterKind(kind)).toBe(text);
  });
});

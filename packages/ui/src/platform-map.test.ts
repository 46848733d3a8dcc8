import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PlatformMap, type PlatformMapPoint } from "./platform-map";

const points: PlatformMapPoint[] = [
  { id: "athens", name: "Athens edge", latitude: 37.98, longitude: 23.73, status: "reachable", href: "/domains/athens" },
  { id: "turin", name: "Turin core", latitude: 45.07, longitude: 7.69, status: "unreachable", detail: "No heartbeat" },
  { id: "nowhere", name: "Bad record", latitude: 120, longitude: 0 },
  { id: "evil", name: "Script link", latitude: 50, longitude: 10, href: "javascript:alert(1)" },
];

describe("PlatformMap", () => {
  it("renders on the server without touching window", () => {
    expect(typeof window).toBe("undefined");

    const html = renderToString(createElement(PlatformMap, { points }));

    expect(html).toContain('data-testid="platform-map"');
    expect(html).toContain("Loading map…");
    expect(html.match(/data-testid="map-point"/g)).toHaveLength(points.length);
  });

  it("lists every point with its status", () => {
    const html = renderToString(createElement(PlatformMap, { points }));

    expect(html).toContain('data-name="Athens edge" data-status="reachable"');
    expect(html).toContain('data-name="Turin core" data-status="unreachable"');
    expect(html).toContain('data-name="Bad record" data-status="unknown"');
    expect(html).toContain("No heartbeat");
    expect(html).toContain("37.98° N, 23.73° E");
    expect(html).toContain("No valid position; not shown on the map");
    expect(html).toContain("4 sites: 1 reachable, 1 unreachable, 2 unknown");
  });

  it("links only safe hrefs", () => {
    const html = renderToString(createElement(PlatformMap, { points }));

    expect(html).toContain('href="/domains/athens"');
    expect(html).not.toContain("javascript:");
  });

  it("says when there are no points", () => {
    const html = renderToString(createElement(PlatformMap, { points: [], height: "20rem" }));

    expect(html).toContain("No sites to show.");
    expect(html).toContain("height:20rem");
    expect(html).not.toContain('data-testid="map-point"');
  });
});

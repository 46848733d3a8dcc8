import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { OfferingCard } from "./offering-card";

describe("OfferingCard", () => {
  it("names the offering in its order link", () => {
    const html = renderToStaticMarkup(
      createElement(OfferingCard, { offering: { id: "o-1", name: "Seismic processing", lifecycleStatus: "Launched", categories: [], prices: [], isBundle: false, bundled: [], domains: [], terms: [], restricted: false } }),
    );

    const links = [...html.matchAll(/<a[^>]*>(.*?)<\/a>/g)].map((match) => match[1]!.replace(/<[^>]+>/g, ""));
    expect(links).toContain("Configure and order Seismic processing");
  });
});

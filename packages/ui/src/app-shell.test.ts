import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AppShell, findActiveHref, type AppShellLinkProps } from "./app-shell";
import { StandInNotice } from "./stand-in-notice";

const navigation = [
  { href: "/", label: "Overview" },
  { href: "/orders", label: "Orders" },
  { href: "/orders/new", label: "New order" },
  { href: "/catalog", label: "Catalog" },
];

describe("findActiveHref", () => {
  const cases: [path: string | undefined, expected: string | undefined][] = [
    ["/", "/"],
    ["/orders", "/orders"],
    ["/orders/42", "/orders"],
    ["/orders/new", "/orders/new"],
    ["/ordersheet", undefined],
    ["/settings", undefined],
    [undefined, undefined],
  ];

  it.each(cases)("matches %j to %j", (path, expected) => {
    expect(findActiveHref(navigation, path)).toBe(expected);
  });
});

describe("AppShell", () => {
  it("renders plain links, the accent, the user menu and notices", () => {
    const html = renderToStaticMarkup(
      createElement(AppShell, {
        portalName: "Business Management Portal",
        accent: "#0f766e",
        navigation,
        activeHref: "/orders/42",
        userMenu: "alice@example.org",
        notices: createElement(StandInNotice, { component: "cluster", detail: "deployments are not real" }),
        children: "Page body",
      }),
    );

    expect(html).toContain("--portal-accent:#0f766e");
    expect(html).toMatch(/<a href="\/orders" [^>]*aria-current="page"/);
    expect(html.match(/aria-current=/g)).toHaveLength(1);
    expect(html).toContain("BMP");
    expect(html).toContain("alice@example.org");
    expect(html).toContain("Simulated cluster:</span> deployments are not real");
    expect(html).toContain('<main id="main-content"');
  });

  it("uses the given link component", () => {
    function TestLink({ href, children }: AppShellLinkProps): ReactNode {
      return createElement("a", { href, "data-link": "custom" }, children);
    }

    const html = renderToStaticMarkup(
      createElement(AppShell, { portalName: "Domain Orchestrator", navigation, LinkComponent: TestLink, children: null }),
    );

    expect(html.match(/data-link="custom"/g)).toHaveLength(navigation.length + 1);
  });
});

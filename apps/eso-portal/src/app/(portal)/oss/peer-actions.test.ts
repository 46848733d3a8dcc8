import { createElement, Fragment } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PeerActions } from "./peer-actions";

/** Accessible names of the buttons and links in `html`: their text content, hidden text included. */
function controlNames(html: string): string[] {
  return [...html.matchAll(/<(button|a)\b[^>]*>([\s\S]*?)<\/\1>/g)].map((match) => match[2]!.replace(/<[^>]+>/g, "").trim());
}

describe("PeerActions", () => {
  it("names each control after its peer", () => {
    const peers = [
      { id: "p1", name: "Luleå" },
      { id: "p2", name: "Valencia" },
    ];
    const html = renderToStaticMarkup(createElement(Fragment, null, ...peers.map((peer) => createElement(PeerActions, { key: peer.id, peer }))));

    const names = controlNames(html);
    expect(names).toEqual(["Check now (Luleå)", "Import (Luleå)", "Remove (Luleå)", "Check now (Valencia)", "Import (Valencia)", "Remove (Valencia)"]);
    expect(new Set(names).size).toBe(names.length);
  });
});

import { describe, expect, it } from "vitest";
import { forEachRequest, kitDefinitions, kitsAvailable, prepareKit, resolveUrl, resourceOf, type KitDefinition } from "./kits";

const origin = "http://127.0.0.1:41500";

function kit(name: string, component = "do"): KitDefinition {
  const found = kitDefinitions.find((candidate) => candidate.name === name && candidate.component === component);
  if (!found) throw new Error(`no kit ${name} for ${component}`);
  return found;
}

function requestsOf(prepared: ReturnType<typeof prepareKit>) {
  const requests: { method: string; url: string; headers: Record<string, string>; body?: string }[] = [];
  forEachRequest(prepared.collection.item, (request) => {
    requests.push({
      method: request.method,
      url: typeof request.url === "string" ? request.url : request.url.raw,
      headers: Object.fromEntries((request.header ?? []).map((header) => [header.key, header.value])),
      body: request.body?.raw,
    });
  });
  return requests;
}

describe.skipIf(!kitsAvailable())("prepareKit", () => {
  it("sends our token on every request", () => {
    const requests = requestsOf(prepareKit(kit("TMF639"), { origin, token: "our-token" }));

    expect(requests.length).toBeGreaterThan(0);
    for (const request of requests) expect(request.headers.Authorization).toBe("Bearer our-token");
  });

  it("replaces the kit's example bearer token", () => {
    const requests = requestsOf(prepareKit(kit("TMF620", "bmp"), { origin, token: "our-token" }));

    const values = requests.flatMap((request) => Object.entries(request.headers).filter(([key]) => key.toLowerCase() === "authorization").map(([, value]) => value));
    expect(new Set(values)).toEqual(new Set(["Bearer our-token"]));
  });

  it("posts the config payload with our references", () => {
    const prepared = prepareKit(kit("TMF620", "bmp"), {
      origin,
      token: "t",
      payloadReferences: { ProductOffering: { productSpecification: { id: "spec-1" } } },
    });

    const post = requestsOf(prepared).find((request) => request.method === "POST" && request.url.endsWith("productOffering"));
    expect(JSON.parse(post!.body!)).toEqual({ name: "aProductOffering", productSpecification: { id: "spec-1" } });
  });

  it("points every URL at the origin", () => {
    for (const definition of kitDefinitions) {
      const prepared = prepareKit(definition, { origin, token: "t" });

      for (const url of prepared.urls) expect(resolveUrl(url, prepared.environment)).toMatch(new RegExp(`^${origin}/tmf-api/`));
    }
  });
});

describe("resolveUrl", () => {
  it("resolves nested variables", () => {
    const environment = {
      name: "e",
      values: [
        { key: "ServiceInventoryAPI", value: "{{Service_Inventory}}/tmf-api/serviceInventory/v4" },
        { key: "Service_Inventory", value: origin },
      ],
    };

    expect(resolveUrl("{{ServiceInventoryAPI}}/service/{{IDSI01}}", environment)).toBe(`${origin}/tmf-api/serviceInventory/v4/service/{{IDSI01}}`);
  });

  it("leaves an unknown variable in place", () => {
    expect(resolveUrl("{{Nowhere}}resource", { name: "e", values: [] })).toBe("{{Nowhere}}resource");
  });
});

describe("resourceOf", () => {
  it.each([
    ["{{Product_Catalog}}productOffering/{{IDPO01}}", "productOffering"],
    ["{{Party}}individual?fields=id", "individual"],
    ["{{ServiceInventoryAPI}}/service/", "service"],
  ])("reads the resource of %s", (url, resource) => {
    expect(resourceOf(url)).toBe(resource);
  });
});

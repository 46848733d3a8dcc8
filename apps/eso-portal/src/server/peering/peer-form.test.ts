import { describe, expect, it } from "vitest";
import { parseAddPeerForm } from "./peer-form";
import { peerEndpoint } from "./schemas";

function form(overrides: Record<string, string> = {}): FormData {
  const data = new FormData();
  const fields = {
    name: "Luleå Mining Domain",
    endpoint: "http://127.0.0.1:3101",
    apiToken: "lulea-token",
    locationName: "Luleå",
    latitude: "65.5848",
    longitude: "22.1547",
    organizationId: "",
    organizationName: "Luleå operator",
    organizationType: "DomainOrchestratorOperator",
    ...overrides,
  };
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

describe("parseAddPeerForm", () => {
  it("accepts a complete form", () => {
    const result = parseAddPeerForm(form({ latitude: " 65,5848 " }));
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.input.location).toEqual({ name: "Luleå", latitude: 65.5848, longitude: 22.1547 });
    expect(result.input.organization).toEqual({ name: "Luleå operator", organizationType: "DomainOrchestratorOperator" });
  });

  it.each([
    ["latitude out of range", { latitude: "95" }, "latitude", "Latitude must be between -90 and 90"],
    ["longitude out of range", { longitude: "-181" }, "longitude", "Longitude must be between -180 and 180"],
    ["latitude as text", { latitude: "north" }, "latitude", "Latitude must be a number of degrees"],
    ["missing latitude", { latitude: "" }, "latitude", "Latitude is required"],
    ["missing name", { name: " " }, "name", "Name is required"],
    ["missing place", { locationName: "" }, "locationName", "Place is required"],
    ["missing token", { apiToken: "" }, "apiToken", "API token is required"],
    ["missing endpoint", { endpoint: "" }, "endpoint", "Endpoint is required"],
    ["endpoint with /tmf-api", { endpoint: "http://127.0.0.1:3101/tmf-api/" }, "endpoint", "Endpoint must be the DO's base URL without /tmf-api: enter http://127.0.0.1:3101"],
    ["missing organization", { organizationName: "" }, "organizationName", "New organization name is required, or choose an existing organization"],
  ] as const)("reports %s on its field", (_case, overrides, field, message) => {
    const result = parseAddPeerForm(form(overrides));

    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.fieldErrors[field]).toBe(message);
    expect(Object.keys(result.fieldErrors)).toEqual([field]);
    expect(result.otherErrors).toEqual([]);
  });

  it("reports every invalid field at once", () => {
    const result = parseAddPeerForm(form({ latitude: "91", longitude: "east", name: "" }));
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(Object.keys(result.fieldErrors).sort()).toEqual(["latitude", "longitude", "name"]);
  });
});

describe("peerEndpoint", () => {
  it.each([
    ["http://127.0.0.1:3101/", "http://127.0.0.1:3101"],
    ["https://do.example.test/lulea", "https://do.example.test/lulea"],
    ["http://127.0.0.1:3101/tmf-api-gateway", "http://127.0.0.1:3101/tmf-api-gateway"],
  ])("accepts %s", (input, expected) => {
    expect(peerEndpoint.parse(input)).toBe(expected);
  });

  it.each([
    ["http://127.0.0.1:3101/tmf-api", "enter http://127.0.0.1:3101"],
    ["http://127.0.0.1:3101/TMF-API/serviceCatalogManagement/v4", "enter http://127.0.0.1:3101"],
    ["http://127.0.0.1:3101/lulea/tmf-api/serviceOrdering/v4/serviceOrder", "enter http://127.0.0.1:3101/lulea"],
    ["http://127.0.0.1:3101/serviceCatalogManagement/v4", "enter http://127.0.0.1:3101"],
    ["http://169.254.169.254", "metadata"],
    ["http://user:secret@127.0.0.1:3101", "credentials"],
  ])("rejects %s", (input, message) => {
    const result = peerEndpoint.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message).join("; ")).toContain(message);
  });
});

describe("parseAddPeerForm with OAuth2", () => {
  const oauth2Fields = {
    authentication: "oauth2",
    apiToken: "",
    dialect: "openslice",
    tokenUrl: "http://127.0.0.1:8080/realms/openslice/protocol/openid-connect/token",
    clientId: "osapiWebClientId",
    username: "admin",
    password: "secret",
  };

  it("reads the OAuth2 credentials instead of a token", () => {
    const result = parseAddPeerForm(form({ ...oauth2Fields, apiToken: "ignored-token" }));

    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.input.dialect).toBe("openslice");
    expect(result.input.apiToken).toBeUndefined();
    expect(result.input.oauth2).toEqual({ tokenUrl: oauth2Fields.tokenUrl, clientId: "osapiWebClientId", username: "admin", password: "secret" });
  });

  it.each([
    ["missing token URL", { tokenUrl: "" }, "tokenUrl", "Token URL is required"],
    ["metadata token URL", { tokenUrl: "http://169.254.169.254/token" }, "tokenUrl", "Token URL must not point at the link-local or metadata address 169.254.169.254"],
    ["missing user name", { username: "" }, "username", "User name is required"],
    ["missing password", { password: "" }, "password", "Password is required"],
    ["unknown dialect", { dialect: "soap" }, "dialect", "API dialect must be one of auto, tmf, openslice"],
  ] as const)("reports %s on its field", (_case, overrides, field, message) => {
    const result = parseAddPeerForm(form({ ...oauth2Fields, ...overrides }));

    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.fieldErrors[field]).toBe(message);
  });

  it("defaults the dialect to detection", () => {
    const result = parseAddPeerForm(form());
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.input.dialect).toBe("auto");
  });
});

import { addPeerInput, type AddPeerInput } from "./schemas";

// The "Add OSS" form of the portal: reads its fields into the input of
// addPeer and turns validation issues into messages on those fields.

/** Fields of the form, by input name, with the label the form shows. */
export const addPeerFieldLabels = {
  name: "Name",
  endpoint: "Endpoint",
  dialect: "API dialect",
  apiToken: "API token",
  tokenUrl: "Token URL",
  clientId: "Client id",
  clientSecret: "Client secret",
  username: "User name",
  password: "Password",
  locationName: "Place",
  latitude: "Latitude",
  longitude: "Longitude",
  organizationId: "Organization",
  organizationName: "New organization name",
  organizationType: "Organization type",
} as const;

export type AddPeerField = keyof typeof addPeerFieldLabels;
export type AddPeerFieldErrors = Partial<Record<AddPeerField, string>>;

/** The form field of each input path, and a message of its own where the schema's would not fit after the label. */
const fieldOfPath: Record<string, { field: AddPeerField; message?: string }> = {
  name: { field: "name" },
  endpoint: { field: "endpoint" },
  dialect: { field: "dialect" },
  apiToken: { field: "apiToken" },
  "oauth2.tokenUrl": { field: "tokenUrl" },
  "oauth2.clientId": { field: "clientId" },
  "oauth2.clientSecret": { field: "clientSecret" },
  "oauth2.username": { field: "username" },
  "oauth2.password": { field: "password" },
  "location.name": { field: "locationName" },
  "location.latitude": { field: "latitude" },
  "location.longitude": { field: "longitude" },
  "organization.id": { field: "organizationId" },
  "organization.name": { field: "organizationName" },
  "organization.organizationType": { field: "organizationType" },
  // The form sends either the chosen organization's id or a new name, so this issue means that neither was given.
  organization: { field: "organizationName", message: "is required, or choose an existing organization" },
};

export type AddPeerFormResult =
  | { success: true; input: AddPeerInput }
  /** `otherErrors` contains the issues that belong to no single field, with their input path. */
  | { success: false; fieldErrors: AddPeerFieldErrors; otherErrors: string[] };

function text(form: FormData, name: AddPeerField): string | undefined {
  const value = form.get(name);
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** Reads a coordinate; text that is not a number stays text, so that the schema reports it on its field. */
function coordinate(form: FormData, name: AddPeerField): unknown {
  const value = text(form, name);
  if (value === undefined) return undefined;
  const number = Number(value.trim().replace(",", "."));
  return Number.isNaN(number) ? value : number;
}

/** Parses the submitted form; invalid input yields one message per field, starting with the field's label. */
export function parseAddPeerForm(form: FormData): AddPeerFormResult {
  const organizationId = text(form, "organizationId");
  // The form offers a static token or OAuth2 login; only the chosen one is sent.
  const useOAuth2 = form.get("authentication") === "oauth2";
  const result = addPeerInput.safeParse({
    name: text(form, "name"),
    endpoint: text(form, "endpoint"),
    dialect: text(form, "dialect"),
    apiToken: useOAuth2 ? undefined : text(form, "apiToken"),
    oauth2: useOAuth2
      ? {
          tokenUrl: text(form, "tokenUrl"),
          clientId: text(form, "clientId"),
          clientSecret: text(form, "clientSecret"),
          username: text(form, "username"),
          password: text(form, "password"),
        }
      : undefined,
    location: { name: text(form, "locationName"), latitude: coordinate(form, "latitude"), longitude: coordinate(form, "longitude") },
    organization: organizationId ? { id: organizationId } : { name: text(form, "organizationName"), organizationType: text(form, "organizationType") },
  });
  if (result.success) return { success: true, input: result.data };

  const fieldErrors: AddPeerFieldErrors = {};
  const otherErrors: string[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path.join(".");
    const target = fieldOfPath[path];
    if (target === undefined) otherErrors.push(`${path || "form"}: ${issue.message}`);
    else fieldErrors[target.field] ??= `${addPeerFieldLabels[target.field]} ${target.message ?? issue.message}`;
  }
  return { success: false, fieldErrors, otherErrors };
}

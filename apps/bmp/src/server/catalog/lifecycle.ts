import { productLifecycleStatuses } from "@cop-pilot/tmf-schemas";
import { TmfError } from "@cop-pilot/tmf-server";

// An offering is designed, then launched (customers see and order it), then
// retired (it leaves the marketplace, and existing orders stay). TMF620
// defines more statuses. The BMP accepts them on input, but moves an offering
// only along the steps below once it exists.

export type LifecycleStatus = (typeof productLifecycleStatuses)[number];

const nextStatuses: Record<string, readonly string[]> = {
  "In study": ["In design", "Rejected"],
  "In design": ["In test", "Launched", "Retired", "Rejected"],
  "In test": ["In design", "Launched", "Retired", "Rejected"],
  Active: ["Launched", "Retired"],
  Launched: ["Retired"],
  Retired: ["Obsolete"],
  Obsolete: [],
  Rejected: [],
};

export function isLifecycleStatus(value: unknown): value is LifecycleStatus {
  return typeof value === "string" && (productLifecycleStatuses as readonly string[]).includes(value);
}

/** Throws a 400 for an unknown status and a 422 for a step the lifecycle does not allow. */
export function assertLifecycleStep(type: string, id: string, from: string | undefined, to: unknown): void {
  if (!isLifecycleStatus(to)) {
    throw new TmfError("invalidBody", `lifecycleStatus: must be one of ${productLifecycleStatuses.map((status) => `"${status}"`).join(", ")}, got ${JSON.stringify(to)}`);
  }
  if (from === undefined || from === to) return;
  if (!(nextStatuses[from] ?? []).includes(to)) {
    const allowed = nextStatuses[from] ?? [];
    throw new TmfError(
      "unprocessable",
      `${type} ${id} is "${from}" and cannot become "${to}"; ${allowed.length > 0 ? `it can become ${allowed.map((status) => `"${status}"`).join(" or ")}` : "its lifecycle has ended"}`,
    );
  }
}

import { route } from "@/server/auth";
import { metrics } from "@/server/metrics";

export const dynamic = "force-dynamic";

// GET /metrics – Prometheus metrics of this component, for API clients (a scraper with the API token) and admins.
export const GET = route({ roles: ["businessAdmin"] }, () => metrics().render());

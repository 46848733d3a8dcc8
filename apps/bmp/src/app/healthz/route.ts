export const dynamic = "force-dynamic";

// GET /healthz – liveness: the process serves requests. Dependencies are
// checked by /readyz, so that a database outage does not restart the process.
export function GET() {
  return Response.json({ status: "ok", uptimeSeconds: Math.round(process.uptime()) });
}

import { loadAuditLogPage } from "@cop-pilot/tmf-server";
import { AuditLogView } from "@cop-pilot/ui";
import { db } from "@/server/db";
import { requireUser } from "@/server/session";

export const dynamic = "force-dynamic";

// The audit log of this component's database, for the role that administers it.
export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser(["domainOwner", "platformAdmin"], "/audit");
  const page = await loadAuditLogPage(db(), await searchParams);
  return <AuditLogView {...page} path="/audit" />;
}

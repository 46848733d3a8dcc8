import { asc } from "drizzle-orm";
import { Card, CardContent, PageHeader } from "@cop-pilot/ui";
import { db, schema } from "@/server/db";
import { requireUser } from "@/server/session";
import { AddPeerForm } from "./add-peer-form";

export const dynamic = "force-dynamic";

export default async function AddPeerPage() {
  await requireUser(["platformAdmin"], "/oss/new");
  const organizations = await db()
    .select({ id: schema.organization.id, name: schema.organization.name })
    .from(schema.organization)
    .orderBy(asc(schema.organization.name));
  return (
    <div className="flex max-w-4xl flex-col gap-6">
      <PageHeader
        title="Add OSS"
        description="The ESO authenticates against the DO by listing its service specifications. Nothing is saved unless the DO accepts the token."
      />
      <Card>
        <CardContent className="pt-5">
          <AddPeerForm organizations={organizations} />
        </CardContent>
      </Card>
    </div>
  );
}

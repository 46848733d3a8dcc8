import Link from "next/link";
import { Card, CardContent, EmptyState, PageHeader } from "@cop-pilot/ui";
import { listBundleCandidates } from "@/server/bundles/design";
import { db } from "@/server/db";
import { requireUser } from "@/server/session";
import { BundleForm } from "./bundle-form";

export const dynamic = "force-dynamic";

export default async function NewBundlePage() {
  await requireUser(["platformAdmin", "serviceDesigner"], "/bundles/new");
  const candidates = await listBundleCandidates(db());
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Compose a bundle"
        description="A multi-domain service made of specifications that several domains offer, ordered as one."
        actions={
          <Link href="/bundles" className="text-sm underline-offset-4 hover:underline">
            All bundles
          </Link>
        }
      />
      {candidates.length < 2 ? (
        <EmptyState title="Not enough services to bundle" description="A bundle needs at least two active specifications imported from peered domains." />
      ) : (
        <Card>
          <CardContent className="pt-6">
            <BundleForm candidates={candidates} />
          </CardContent>
        </Card>
      )}
    </div>
  );
}

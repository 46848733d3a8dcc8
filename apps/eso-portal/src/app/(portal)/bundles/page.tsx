import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, PageHeader, StateBadge, buttonVariants } from "@cop-pilot/ui";
import { listBundles } from "@/server/bundles/design";
import { db } from "@/server/db";
import { requireUser } from "@/server/session";

export const dynamic = "force-dynamic";

export default async function BundlesPage() {
  await requireUser(["platformAdmin", "serviceDesigner"], "/bundles");
  const bundles = await listBundles(db());
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Multi-domain bundles"
        description="End-to-end services composed of the services of several domains. Ordering a bundle places one order at each domain."
        actions={
          <Link href="/bundles/new" className={buttonVariants({ size: "sm" })}>
            Compose a bundle
          </Link>
        }
      />
      {bundles.length === 0 ? <EmptyState title="No bundles yet" description="Compose one from the specifications the peered domains offer." /> : null}
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        {bundles.map((bundle) => (
          <Card key={bundle.id}>
            <CardHeader>
              <div className="flex items-start justify-between gap-2">
                <CardTitle as="h2">
                  <Link href={`/bundles/${bundle.id}`} className="hover:underline">
                    {bundle.name}
                  </Link>
                </CardTitle>
                {bundle.lifecycleStatus ? <StateBadge state={bundle.lifecycleStatus} /> : null}
              </div>
              <CardDescription>{[...new Set(bundle.parts.map((part) => part.domainName ?? "removed domain"))].join(" · ")}</CardDescription>
            </CardHeader>
            <CardContent>
              <ul className="list-inside list-disc text-sm text-muted-foreground">
                {bundle.parts.map((part) => (
                  <li key={part.id}>{part.name}</li>
                ))}
              </ul>
            </CardContent>
          </Card>
        ))}
      </div>
    </div>
  );
}

import { Card, CardContent, CardDescription, CardHeader, CardTitle, PageHeader } from "@cop-pilot/ui";
import { requirePortalUser } from "@/server/session";
import { SharedDatasetForm, TokenGenerator } from "../forms";

export const dynamic = "force-dynamic";

export default async function SharedDataPage() {
  await requirePortalUser("/data/shared");
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="Shared data" description="Datasets of other domains, ordered through the ESO marketplace and read over their NGSI-LD endpoint." />
      <Card>
        <CardHeader>
          <CardTitle as="h2">1. Generate an access token</CardTitle>
          <CardDescription>
            Order the dataset&apos;s Data-as-a-Service specification in the ESO marketplace with your domain as consumerParty and this token&apos;s SHA-256 as
            accessTokenSha256. Only the hash travels with the order.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <TokenGenerator />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle as="h2">2. Read the dataset</CardTitle>
          <CardDescription>Works while the order&apos;s service is active in the owning domain; denied before and after.</CardDescription>
        </CardHeader>
        <CardContent>
          <SharedDatasetForm />
        </CardContent>
      </Card>
    </div>
  );
}

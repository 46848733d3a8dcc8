import { Alert, Card, CardContent, PageHeader } from "@cop-pilot/ui";
import { env } from "@/env";
import { listEsoServices, loadCategoryNames } from "@/server/catalog/marketplace";
import { db } from "@/server/db";
import { esoClient } from "@/server/eso";
import { requireUser } from "@/server/session";
import { OfferingForm } from "./offering-form";

export const dynamic = "force-dynamic";

export default async function NewOfferingPage() {
  await requireUser(["businessAdmin"], "/admin/offerings/new");
  const [{ services, error }, categoryNames] = await Promise.all([listEsoServices(esoClient()), loadCategoryNames(db())]);

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="New offering"
        description="Build a product on a service of the ESO marketplace. The product takes the service's characteristics, so customers configure the service when they order. The offering starts in design."
      />
      {error ? (
        <Alert variant="error" title="The ESO's services could not be listed">
          {error}. Check that the ESO at {env().ESO_URL} is running, then reload this page.
        </Alert>
      ) : null}
      {!error && services.length === 0 ? <Alert variant="warning">The ESO marketplace offers no services yet; import a domain's services at the ESO first.</Alert> : null}
      <Card className="max-w-3xl">
        <CardContent className="pt-5">
          <OfferingForm services={services} categoryNames={[...new Set(categoryNames.values())].sort()} />
        </CardContent>
      </Card>
    </div>
  );
}

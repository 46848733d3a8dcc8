import { PageHeader } from "@cop-pilot/ui";
import { requireUser } from "@/server/session";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const user = await requireUser(["domainOwner", "serviceDesigner", "platformAdmin"]);
  return (
    <main className="p-6">
      <PageHeader title="Domain overview" description={`Signed in as ${user.name}`} />
    </main>
  );
}

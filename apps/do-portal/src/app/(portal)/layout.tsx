import { Button, StandInNotice } from "@cop-pilot/ui";
import { roleLabels } from "@cop-pilot/tmf-server";
import { signOut } from "@/app/sign-in/actions";
import { clusterKind } from "@/server/cluster";
import { currentDomain } from "@/server/domain";
import { currentUser } from "@/server/session";
import { portalRoles } from "@/server/tmf/access";
import { PortalShell } from "./portal-shell";

export const dynamic = "force-dynamic";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  // A layout does not know the requested path, so it leaves the redirect to
  // sign-in to the page, whose requirePortalUser keeps the path as returnTo.
  const user = await currentUser();
  if (!user || !portalRoles.includes(user.role)) return children;
  const domain = currentDomain();
  const userMenu = (
    <>
      <span className="text-right leading-tight">
        <span className="block font-medium text-foreground">{user.name}</span>
        <span className="block text-xs text-muted-foreground">{roleLabels[user.role]}</span>
      </span>
      <form action={signOut}>
        <Button type="submit" variant="outline" size="sm">
          Sign out
        </Button>
      </form>
    </>
  );
  const notices = clusterKind() === "simulated" ? <StandInNotice component="cluster" detail="deployments are not real" /> : undefined;
  return (
    <PortalShell domainName={domain.name} userMenu={userMenu} notices={notices}>
      {children}
    </PortalShell>
  );
}

import { Button } from "@cop-pilot/ui";
import { roleLabels, type Role } from "@cop-pilot/tmf-server";
import { PortalShell } from "@/components/portal-shell";
import { SimulatedClustersNotice } from "@/components/simulated-clusters-notice";
import { db } from "@/server/db";
import { listSimulatedPeerNames } from "@/server/peering/peers";
import { currentUser } from "@/server/session";
import { signOut } from "../sign-in/actions";

export const dynamic = "force-dynamic";

/** Roles that may sign in to the ESO portal. */
const portalRoles: readonly Role[] = ["platformAdmin", "serviceDesigner", "customer", "domainOwner"];

function navigationFor(role: Role) {
  const links = [{ href: "/marketplace", label: "Marketplace" }];
  if (role === "platformAdmin") {
    links.push({ href: "/oss", label: "Platform OSS" }, { href: "/accounts", label: "Accounts" }, { href: "/fabric", label: "Fabric" }, { href: "/audit", label: "Audit log" });
  }
  if (role === "platformAdmin" || role === "domainOwner") links.push({ href: "/expansion", label: "Expansion" });
  if (role === "platformAdmin" || role === "serviceDesigner") links.push({ href: "/design", label: "Service design" }, { href: "/bundles", label: "Bundles" });
  if (role !== "customer") links.push({ href: "/map", label: "Map" });
  links.push({ href: "/orders", label: role === "customer" || role === "domainOwner" ? "My orders" : "Service orders" });
  links.push({ href: "/services", label: "My services" });
  return links;
}

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const user = await currentUser();
  // Each page checks the role itself and sends others to sign in with the page as returnTo, which a layout cannot know.
  if (!user || !portalRoles.includes(user.role)) return <>{children}</>;
  const simulatedDomains = await listSimulatedPeerNames(db());
  return (
    <PortalShell
      navigation={navigationFor(user.role)}
      notices={simulatedDomains.length > 0 ? <SimulatedClustersNotice domainNames={simulatedDomains} /> : undefined}
      userMenu={
        <>
          <span className="text-muted-foreground">
            {user.name} · {roleLabels[user.role]}
          </span>
          <form action={signOut}>
            <Button type="submit" variant="outline" size="sm">
              Sign out
            </Button>
          </form>
        </>
      }
    >
      {children}
    </PortalShell>
  );
}

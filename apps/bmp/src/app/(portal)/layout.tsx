import { redirect } from "next/navigation";
import { Button, type NavigationLink } from "@cop-pilot/ui";
import { roleLabels } from "@cop-pilot/tmf-server";
import { currentUser } from "@/server/session";
import { signOut } from "../sign-in/actions";
import { ClusterStandInNotice } from "../stand-in-notice";
import { PortalShell } from "./portal-shell";

export const dynamic = "force-dynamic";

const customerNavigation: NavigationLink[] = [
  { href: "/marketplace", label: "Marketplace" },
  { href: "/assistant", label: "Assistant" },
  { href: "/cart", label: "Cart" },
  { href: "/orders", label: "My orders" },
  { href: "/products", label: "My products" },
];

const businessAdminNavigation: NavigationLink[] = [
  { href: "/admin/offerings", label: "Offerings" },
  { href: "/admin/offerings/new", label: "New offering" },
  { href: "/admin/offerings/bundle", label: "New bundle" },
  { href: "/orders", label: "Orders" },
  { href: "/products", label: "Products" },
  { href: "/marketplace", label: "Marketplace" },
  { href: "/audit", label: "Audit log" },
];

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const user = await currentUser();
  if (!user) redirect("/sign-in");

  const userMenu = (
    <>
      <span className="hidden text-right leading-tight sm:block">
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
  return (
    <PortalShell navigation={user.role === "businessAdmin" ? businessAdminNavigation : customerNavigation} userMenu={userMenu} notices={<ClusterStandInNotice />}>
      {children}
    </PortalShell>
  );
}

"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell, portalAccents, type AppShellLinkProps, type NavigationLink } from "@cop-pilot/ui";

function NextLink({ href, className, children, ...props }: AppShellLinkProps) {
  return (
    <Link href={href} className={className} {...props}>
      {children}
    </Link>
  );
}

/** Renders the BMP's AppShell. It is a client component because it marks the link of the current path. */
export function PortalShell({ navigation, userMenu, notices, children }: { navigation: NavigationLink[]; userMenu: ReactNode; notices?: ReactNode; children: ReactNode }) {
  return (
    <AppShell
      portalName="Business Management Portal"
      portalMark="BMP"
      accent={portalAccents.bmp}
      navigation={navigation}
      activeHref={usePathname()}
      LinkComponent={NextLink}
      userMenu={userMenu}
      notices={notices}
    >
      {children}
    </AppShell>
  );
}

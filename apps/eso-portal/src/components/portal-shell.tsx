"use client";

import { useState, type ReactNode } from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { AppShell, portalAccents, type NavigationLink } from "@cop-pilot/ui";

/** Renders the ESO's page frame: AppShell with the current path marked, and the query client for live order state. */
export function PortalShell({ navigation, userMenu, notices, children }: { navigation: NavigationLink[]; userMenu: ReactNode; notices?: ReactNode; children: ReactNode }) {
  const pathname = usePathname();
  const [queryClient] = useState(() => new QueryClient());
  return (
    <QueryClientProvider client={queryClient}>
      <AppShell
        portalName="End-to-end Service Orchestrator"
        portalMark="ESO"
        accent={portalAccents.eso}
        navigation={navigation}
        activeHref={pathname}
        LinkComponent={Link}
        userMenu={userMenu}
        notices={notices}
      >
        {children}
      </AppShell>
    </QueryClientProvider>
  );
}

"use client";

import { useState, type ReactNode } from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { AppShell, portalAccents, type NavigationLink } from "@cop-pilot/ui";

const navigation: NavigationLink[] = [
  { href: "/", label: "Overview" },
  { href: "/catalog", label: "Service catalogue" },
  { href: "/design", label: "Service design" },
  { href: "/orders", label: "Service orders" },
  { href: "/services", label: "Services" },
  { href: "/resources", label: "Resources" },
  { href: "/timeline", label: "Timeline" },

  { href: "/telemetry", label: "Telemetry" },
  { href: "/sla", label: "SLAs" },
  { href: "/parties", label: "Parties" },
  { href: "/data", label: "Data" },
  { href: "/audit", label: "Audit log" },
];

/** Renders the portal frame. It is a client component because the active link follows the current path. */
export function PortalShell({ domainName, userMenu, notices, children }: { domainName: string; userMenu: ReactNode; notices?: ReactNode; children: ReactNode }) {
  const pathname = usePathname();
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } }));
  return (
    <QueryClientProvider client={queryClient}>
      <AppShell
        portalName={`Domain Orchestrator · ${domainName}`}
        portalMark="DO"
        accent={portalAccents.do}
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

import type { CSSProperties } from "react";
import type { Metadata } from "next";
import { portalAccents } from "@cop-pilot/ui";
import "./globals.css";

export const metadata: Metadata = {
  title: "COP-PILOT Domain Orchestrator",
  description: "Resource and service catalogue, service orders and inventory of one COP-PILOT domain",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-background text-foreground antialiased" style={{ "--portal-accent": portalAccents.do } as CSSProperties}>
        {children}
      </body>
    </html>
  );
}

import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: "COP-PILOT End-to-end Service Orchestrator",
  description: "Marketplace of the federated domains, service orders across domains and the platform map",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-background text-foreground antialiased">{children}</body>
    </html>
  );
}

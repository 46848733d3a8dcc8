import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: "COP-PILOT Domain Orchestrator",
  description: "Resource and service catalogue, service orders and inventory of one COP-PILOT domain",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-background text-foreground antialiased">{children}</body>
    </html>
  );
}

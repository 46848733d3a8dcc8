import type { ComponentType, CSSProperties, ReactNode } from "react";
import { cn } from "./cn";

export type NavigationLink = {
  href: string;
  label: string;
};

/** Props AppShell passes to a custom link component such as next/link. */
export type AppShellLinkProps = {
  href: string;
  className?: string;
  children: ReactNode;
  "aria-current"?: "page";
};

/**
 * Accents for the three portals. White text on each has a contrast ratio of
 * at least 5:1, so they pass WCAG AA as button backgrounds.
 */
export const portalAccents = {
  bmp: "#0f766e",
  eso: "#4338ca",
  do: "#7e22ce",
} as const;

export type AppShellProps = {
  /** Shown in the top bar, such as "Business Management Portal". */
  portalName: string;
  /** Up to three letters in the accent square. Defaults to the initials of portalName. */
  portalMark?: string;
  /** A CSS colour for the portal accent. Without it, the --portal-accent set in CSS applies. */
  accent?: string;
  /** Text colour on the accent. Defaults to white. */
  accentForeground?: string;
  navigation: NavigationLink[];
  /**
   * The current path, used to mark the matching link with aria-current="page".
   * A server layout does not know the path, so a client wrapper that calls
   * usePathname() passes it.
   */
  activeHref?: string;
  homeHref?: string;
  /** A link component such as next/link. Without it, the links are plain `<a>` elements. */
  LinkComponent?: ComponentType<AppShellLinkProps>;
  /** The right-hand side of the top bar, such as the signed-in user and a sign-out button. */
  userMenu?: ReactNode;
  /** Banners shown under the top bar on every page, such as StandInNotice. */
  notices?: ReactNode;
  className?: string;
  children: ReactNode;
};

function PlainLink({ href, className, children, ...props }: AppShellLinkProps) {
  return (
    <a href={href} className={className} {...props}>
      {children}
    </a>
  );
}

function initialsOf(name: string): string {
  return name
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .map((word) => word.charAt(0).toUpperCase())
    .join("")
    .slice(0, 3);
}

/** Returns the href of the navigation link that best matches the path: the exact link, or the longest prefix. */
export function findActiveHref(navigation: NavigationLink[], path: string | undefined): string | undefined {
  if (path === undefined) {
    return undefined;
  }

  let best: string | undefined;
  for (const { href } of navigation) {
    const matches = path === href || (href !== "/" && path.startsWith(href.endsWith("/") ? href : `${href}/`));
    if (matches && (best === undefined || href.length > best.length)) {
      best = href;
    }
  }
  return best;
}

/** Renders the page frame of a portal: a top bar with name, navigation and user menu, then the notices, then the page. */
export function AppShell({
  portalName,
  portalMark,
  accent,
  accentForeground,
  navigation,
  activeHref,
  homeHref = "/",
  LinkComponent = PlainLink,
  userMenu,
  notices,
  className,
  children,
}: AppShellProps) {
  const style: Record<string, string> = {};
  if (accent !== undefined) {
    style["--portal-accent"] = accent;
  }
  if (accentForeground !== undefined) {
    style["--portal-accent-foreground"] = accentForeground;
  }
  const currentHref = findActiveHref(navigation, activeHref);

  return (
    <div className={cn("flex min-h-dvh flex-col bg-background text-foreground", className)} style={style as CSSProperties}>
      <a
        href="#main-content"
        className="sr-only z-50 rounded-md bg-card px-3 py-2 text-sm font-medium focus:not-sr-only focus:absolute focus:left-4 focus:top-3 focus:outline-2 focus:outline-ring"
      >
        Skip to main content
      </a>

      <header className="border-b bg-card">
        <div aria-hidden="true" className="h-1 bg-primary" />
        <div className="mx-auto flex min-h-14 w-full max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2 sm:px-6">
          <LinkComponent
            href={homeHref}
            className="flex items-center gap-2.5 rounded-md text-sm font-semibold text-foreground focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
          >
            <span
              aria-hidden="true"
              className="flex h-7 min-w-7 items-center justify-center rounded-md bg-primary px-1 text-xs font-bold tracking-wide text-primary-foreground"
            >
              {portalMark ?? initialsOf(portalName)}
            </span>
            <span>{portalName}</span>
          </LinkComponent>

          {navigation.length > 0 && (
            <nav aria-label="Main" className="order-last w-full overflow-x-auto md:order-none md:w-auto md:flex-1">
              <ul className="flex items-center gap-1">
                {navigation.map((link) => {
                  const isActive = link.href === currentHref;
                  return (
                    <li key={link.href}>
                      <LinkComponent
                        href={link.href}
                        aria-current={isActive ? "page" : undefined}
                        className={cn(
                          "relative block whitespace-nowrap rounded-md px-3 py-1.5 text-sm font-medium text-muted-foreground transition-colors hover:bg-muted hover:text-foreground focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring",
                          isActive &&
                            "bg-muted text-foreground after:absolute after:inset-x-3 after:bottom-0 after:h-0.5 after:rounded-full after:bg-primary",
                        )}
                      >
                        {link.label}
                      </LinkComponent>
                    </li>
                  );
                })}
              </ul>
            </nav>
          )}

          {userMenu !== undefined && <div className="ml-auto flex items-center gap-3 text-sm">{userMenu}</div>}
        </div>
      </header>

      {notices !== undefined && <div className="flex flex-col">{notices}</div>}

      <main id="main-content" tabIndex={-1} className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 focus:outline-none sm:px-6">
        {children}
      </main>
    </div>
  );
}

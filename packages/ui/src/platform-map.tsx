"use client";

import { useEffect, useRef, useState } from "react";
import type * as Leaflet from "leaflet";
import type { GeometryCollection, Topology } from "topojson-specification";
import { cn } from "./cn";
import { StateBadge, formatStateLabel, stateTone, stateToneDotClassNames } from "./state-badge";

export type PlatformMapPointStatus = "reachable" | "unreachable" | "unknown";

export type PlatformMapPoint = {
  id: string;
  name: string;
  /** WGS 84 degrees, -90 to 90. */
  latitude: number;
  /** WGS 84 degrees, -180 to 180. */
  longitude: number;
  /** Defaults to "unknown". */
  status?: PlatformMapPointStatus;
  detail?: string;
  /** A page about the point, such as the domain's detail page. Only relative and http(s) links are used. */
  href?: string;
};

export type PlatformMapProps = {
  points: PlatformMapPoint[];
  /** Height of the map area in pixels, or any CSS length. Defaults to 420 pixels. */
  height?: number | string;
  /** Accessible name of the map area. */
  label?: string;
  /** Show each point's name next to its marker at all times, not only on hover. */
  permanentLabels?: boolean;
  className?: string;
};

type MapState = {
  L: typeof Leaflet;
  map: Leaflet.Map;
  pointsLayer: Leaflet.LayerGroup;
};

type Basemap = {
  L: typeof Leaflet;
  countries: GeoJSON.FeatureCollection;
};

type LoadState = "loading" | "ready" | "failed";

// South-west and north-east corners [latitude, longitude] of the view used when there are no points.
const europeBounds: [[number, number], [number, number]] = [
  [35, -11],
  [71, 35],
];

// Used when styles.css is not loaded, so the map still has colours.
const fallbackColours = {
  land: "#f6f5f1",
  border: "#a1a1aa",
  reachable: "#15803d",
  unreachable: "#b91c1c",
  unknown: "#52525b",
};

let basemapPromise: Promise<Basemap> | undefined;

/**
 * Makes the longitudes of each ring continuous, in place. The world-atlas
 * shapes of Russia and Fiji cross the antimeridian uncut, and Leaflet would
 * draw their step from +180° to -180° as a band across the whole map. Rings
 * that reach a pole (Antarctica) stay as they are, because unwrapping them
 * would spread them over 720°.
 */
function unwrapAntimeridian(countries: GeoJSON.FeatureCollection): void {
  const unwrapRing = (ring: GeoJSON.Position[]): void => {
    if (ring.some((position) => Math.abs(position[1] ?? 0) > 89)) {
      return;
    }
    for (let index = 1; index < ring.length; index += 1) {
      const previous = ring[index - 1]![0]!;
      const position = ring[index]!;
      while (position[0]! - previous > 180) position[0]! -= 360;
      while (position[0]! - previous < -180) position[0]! += 360;
    }
  };

  for (const country of countries.features) {
    const geometry = country.geometry;
    if (geometry.type === "Polygon") {
      geometry.coordinates.forEach(unwrapRing);
    } else if (geometry.type === "MultiPolygon") {
      geometry.coordinates.forEach((polygon) => polygon.forEach(unwrapRing));
    }
  }
}

/**
 * Loads Leaflet and the Natural Earth 1:50m countries once per page. The
 * imports are dynamic so that server rendering never evaluates Leaflet, which
 * reads `window` when it loads.
 */
function loadBasemap(): Promise<Basemap> {
  basemapPromise ??= Promise.all([
    import("leaflet"),
    import("topojson-client"),
    import("world-atlas/countries-50m.json"),
  ])
    .then(([leafletModule, topojson, atlasModule]) => {
      // Leaflet 1.9 ships as UMD, so bundlers expose it as the default export of the namespace.
      const L = (leafletModule as { default?: typeof Leaflet }).default ?? leafletModule;
      const atlas = (atlasModule as { default?: unknown }).default ?? atlasModule;
      const topology = atlas as Topology<{ countries: GeometryCollection }>;
      const countries = topojson.feature(topology, topology.objects.countries);
      unwrapAntimeridian(countries);
      return { L, countries };
    })
    .catch((error: unknown) => {
      // Let the next mount try again instead of keeping the failed promise.
      basemapPromise = undefined;
      throw error;
    });
  return basemapPromise;
}

function hasValidPosition(point: PlatformMapPoint): boolean {
  return (
    Number.isFinite(point.latitude) &&
    Number.isFinite(point.longitude) &&
    Math.abs(point.latitude) <= 90 &&
    Math.abs(point.longitude) <= 180
  );
}

/** Returns the href when it is a relative path or an http(s) URL, so a `javascript:` link from data is never rendered. */
function safeHref(href: string | undefined): string | undefined {
  if (href === undefined) {
    return undefined;
  }
  if (href.startsWith("/") && !href.startsWith("//")) {
    return href;
  }
  try {
    const url = new URL(href);
    return url.protocol === "http:" || url.protocol === "https:" ? href : undefined;
  } catch {
    return undefined;
  }
}

function formatPosition(point: PlatformMapPoint): string {
  const latitude = `${Math.abs(point.latitude).toFixed(2)}° ${point.latitude >= 0 ? "N" : "S"}`;
  const longitude = `${Math.abs(point.longitude).toFixed(2)}° ${point.longitude >= 0 ? "E" : "W"}`;
  return `${latitude}, ${longitude}`;
}

function readColour(element: HTMLElement, variable: string, fallback: string): string {
  const value = getComputedStyle(element).getPropertyValue(variable).trim();
  return value === "" ? fallback : value;
}

/** Returns the point's status, reading a missing or unrecognised value as "unknown". */
function statusOf(point: PlatformMapPoint): PlatformMapPointStatus {
  return point.status === "reachable" || point.status === "unreachable" ? point.status : "unknown";
}

/** Builds popup content with DOM nodes, so that names and details from data are shown as text, never parsed as HTML. */
function createPopupContent(point: PlatformMapPoint): HTMLElement {
  const root = document.createElement("div");

  const title = document.createElement("strong");
  title.textContent = point.name;
  root.append(title);

  const lines = [`Status: ${formatStateLabel(statusOf(point))}`, point.detail, formatPosition(point)];
  for (const line of lines) {
    if (line === undefined || line === "") {
      continue;
    }
    const paragraph = document.createElement("div");
    paragraph.textContent = line;
    root.append(paragraph);
  }

  const href = safeHref(point.href);
  if (href !== undefined) {
    const link = document.createElement("a");
    link.href = href;
    link.textContent = `Open ${point.name}`;
    root.append(link);
  }
  return root;
}

function drawPoints(state: MapState, container: HTMLElement, points: PlatformMapPoint[], permanentLabels: boolean): void {
  const { L, map, pointsLayer } = state;
  pointsLayer.clearLayers();

  const colours: Record<PlatformMapPointStatus, string> = {
    reachable: readColour(container, "--success", fallbackColours.reachable),
    unreachable: readColour(container, "--destructive", fallbackColours.unreachable),
    unknown: readColour(container, "--muted-foreground", fallbackColours.unknown),
  };

  const positioned = points.filter(hasValidPosition);
  for (const point of positioned) {
    const tooltip = document.createElement("span");
    tooltip.textContent = point.name;

    const marker = L.circleMarker([point.latitude, point.longitude], {
      radius: 7,
      color: "#ffffff",
      weight: 2,
      fillColor: colours[statusOf(point)],
      fillOpacity: 1,
    })
      .bindTooltip(tooltip, { direction: "top", offset: [0, -8], permanent: permanentLabels })
      .bindPopup(createPopupContent(point))
      .addTo(pointsLayer);

    if (!permanentLabels) {
      // The hover tooltip would cover the popup, which already shows the name.
      marker.on("popupopen", () => marker.closeTooltip());
    }
  }

  const [first] = positioned;
  if (first === undefined) {
    map.fitBounds(europeBounds);
  } else if (positioned.length === 1) {
    map.setView([first.latitude, first.longitude], 5);
  } else {
    const bounds = L.latLngBounds(positioned.map((point): [number, number] => [point.latitude, point.longitude]));
    map.fitBounds(bounds, { padding: [40, 40], maxZoom: 6 });
  }
}

/**
 * Renders a map of platform sites that works offline: Leaflet with the Natural
 * Earth country shapes as the basemap and no tile server. Each point is a circle
 * coloured by status. The same points are listed under the map, so the
 * information does not depend on seeing the map.
 */
export function PlatformMap({
  points,
  height = 420,
  label = "Map of platform sites",
  permanentLabels = false,
  className,
}: PlatformMapProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const mapStateRef = useRef<MapState | null>(null);
  const [loadState, setLoadState] = useState<LoadState>("loading");

  useEffect(() => {
    const container = containerRef.current;
    if (container === null) {
      return;
    }

    // React may unmount before the imports finish (and does so once in Strict Mode).
    let cancelled = false;
    let resizeObserver: ResizeObserver | undefined;

    loadBasemap()
      .then(({ L, countries }) => {
        if (cancelled) {
          return;
        }

        const map = L.map(container, {
          minZoom: 2,
          maxZoom: 10,
          zoomSnap: 0.25,
          // The mouse wheel scrolls the page, not the map. The zoom buttons and the keyboard still zoom.
          scrollWheelZoom: false,
        });
        map.attributionControl.setPrefix(false);
        map.fitBounds(europeBounds);

        L.geoJSON(countries, {
          interactive: false,
          attribution: "Borders: Natural Earth",
          style: {
            fillColor: readColour(container, "--map-land", fallbackColours.land),
            fillOpacity: 1,
            color: readColour(container, "--map-border", fallbackColours.border),
            weight: 0.6,
          },
        }).addTo(map);

        const pointsLayer = L.layerGroup().addTo(map);
        mapStateRef.current = { L, map, pointsLayer };

        resizeObserver = new ResizeObserver(() => map.invalidateSize());
        resizeObserver.observe(container);
        setLoadState("ready");
      })
      .catch((error: unknown) => {
        if (!cancelled) {
          console.error("PlatformMap: loading Leaflet or the Natural Earth basemap failed", error);
          setLoadState("failed");
        }
      });

    return () => {
      cancelled = true;
      resizeObserver?.disconnect();
      mapStateRef.current?.map.remove();
      mapStateRef.current = null;
    };
  }, []);

  // The effect depends on pointsKey instead of points, so that it redraws only
  // when the points change in value, not on every new array from the parent.
  const pointsKey = JSON.stringify(points);
  useEffect(() => {
    const state = mapStateRef.current;
    const container = containerRef.current;
    if (loadState !== "ready" || state === null || container === null) {
      return;
    }
    drawPoints(state, container, points, permanentLabels);
  }, [loadState, pointsKey, permanentLabels]);

  const counts = { reachable: 0, unreachable: 0, unknown: 0 };
  for (const point of points) {
    counts[statusOf(point)] += 1;
  }
  const summary = (["reachable", "unreachable", "unknown"] as const)
    .filter((status) => counts[status] > 0)
    .map((status) => `${counts[status]} ${status}`)
    .join(", ");

  return (
    <div data-testid="platform-map" className={cn("overflow-hidden rounded-lg border bg-card", className)}>
      <div className="relative isolate bg-map-sea" style={{ height: typeof height === "number" ? `${height}px` : height }}>
        <div ref={containerRef} role="region" aria-label={label} className="absolute inset-0" />
        {loadState === "loading" && (
          <p className="absolute inset-0 flex items-center justify-center text-sm text-muted-foreground">Loading map…</p>
        )}
        {loadState === "failed" && (
          <p role="alert" className="absolute inset-0 flex items-center justify-center px-6 text-center text-sm text-destructive">
            The map could not be loaded. The sites are listed below.
          </p>
        )}
      </div>

      <div className="border-t px-4 py-3">
        <p className="mb-2 text-xs font-medium text-muted-foreground">
          {points.length === 0 ? "No sites to show." : `${points.length} ${points.length === 1 ? "site" : "sites"}: ${summary}`}
        </p>
        {points.length > 0 && (
          <ul aria-label="Platform sites" className="grid gap-x-6 gap-y-1 sm:grid-cols-2 lg:grid-cols-3">
            {points.map((point, index) => {
              const status = statusOf(point);
              const href = safeHref(point.href);
              return (
                <li
                  key={`${index}-${point.id}`}
                  data-testid="map-point"
                  data-name={point.name}
                  data-status={status}
                  className="flex min-w-0 items-start gap-2 py-1.5 text-sm"
                >
                  <span aria-hidden="true" className={cn("mt-1.5 size-2.5 shrink-0 rounded-full", stateToneDotClassNames[stateTone(status)])} />
                  <div className="flex min-w-0 flex-col gap-0.5">
                    <div className="flex flex-wrap items-center gap-2">
                      {href === undefined ? (
                        <span className="font-medium text-foreground">{point.name}</span>
                      ) : (
                        <a
                          href={href}
                          className="rounded-sm font-medium text-foreground underline decoration-input underline-offset-4 hover:decoration-current focus-visible:outline-2 focus-visible:outline-ring"
                        >
                          {point.name}
                        </a>
                      )}
                      <StateBadge state={status} />
                    </div>
                    {point.detail !== undefined && point.detail !== "" && (
                      <span className="text-xs text-muted-foreground">{point.detail}</span>
                    )}
                    <span className="text-xs text-muted-foreground tabular-nums">
                      {hasValidPosition(point) ? formatPosition(point) : "No valid position; not shown on the map"}
                    </span>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </div>
  );
}

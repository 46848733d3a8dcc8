import { Alert } from "./alert";
import { Badge } from "./badge";
import { Button } from "./button";
import { EmptyState } from "./empty-state";
import { FormField } from "./form-field";
import { Input } from "./input";
import { PageHeader } from "./page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "./table";
import { formatUtcTimestamp } from "./timeline";

/** One audit log entry as the page shows it. */
export interface AuditLogEntry {
  seq: number;
  occurredAt: Date;
  actorKind: string;
  actorName: string;
  actorRole: string | null;
  action: string;
  resourceType: string;
  resourceId: string;
  summary: string;
}

/** Filter values as the query string carries them. */
export type AuditLogFilters = Partial<Record<"actor" | "resourceType" | "resourceId" | "action" | "since" | "until", string>>;

export interface AuditLogViewProps {
  entries: AuditLogEntry[];
  total: number;
  offset: number;
  limit: number;
  filters: AuditLogFilters;
  /** Reason the filters were rejected; the page then shows no entries. */
  error?: string;
  /** Path of the page, for the filter form and the paging links. */
  path: string;
}

const filterFields: { name: keyof AuditLogFilters; label: string; placeholder: string; type?: string }[] = [
  { name: "actor", label: "Actor", placeholder: "e-mail, name or API client" },
  { name: "resourceType", label: "Resource type", placeholder: "e.g. ServiceOrder" },
  { name: "resourceId", label: "Resource id", placeholder: "exact id" },
  { name: "action", label: "Action", placeholder: "create, update, delete, cancel…" },
  { name: "since", label: "From", placeholder: "", type: "date" },
  { name: "until", label: "To", placeholder: "", type: "date" },
];

function pageHref(path: string, filters: AuditLogFilters, offset: number): string {
  const query = new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => Boolean(entry[1])));
  if (offset > 0) query.set("offset", String(offset));
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

function actorLabel(entry: AuditLogEntry): string {
  if (entry.actorKind === "apiClient") return `API client ${entry.actorName}`;
  if (entry.actorKind === "system") return `${entry.actorName} (automatic)`;
  return entry.actorRole ? `${entry.actorName} (${entry.actorRole})` : entry.actorName;
}

/** Renders the audit log page of a portal: filters, entries newest first, and paging. */
export function AuditLogView({ entries, total, offset, limit, filters, error, path }: AuditLogViewProps) {
  const last = Math.min(offset + entries.length, total);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="Audit log" description="Every change to this component's data, with the user or API client that made it." />

      <form method="get" action={path} className="grid gap-4 sm:grid-cols-3 lg:grid-cols-6" aria-label="Filter the audit log">
        {filterFields.map((field) => (
          <FormField key={field.name} label={field.label}>
            <Input name={field.name} type={field.type ?? "text"} placeholder={field.placeholder} defaultValue={filters[field.name] ?? ""} />
          </FormField>
        ))}
        <div className="flex gap-2 sm:col-span-3 lg:col-span-6">
          <Button type="submit">Filter</Button>
          <a href={path} className="self-center text-sm underline">
            Clear filters
          </a>
        </div>
      </form>

      {error ? <Alert variant="error" title="Invalid filter">{error}</Alert> : null}

      {!error && entries.length === 0 ? (
        <EmptyState title="No audit log entries" description="No change matches these filters." />
      ) : null}

      {entries.length > 0 ? (
        <>
          <p className="text-sm text-muted-foreground" aria-live="polite">
            Entries {offset + 1}–{last} of {total}
          </p>
          <Table>
            <caption className="sr-only">Audit log entries, newest first</caption>
            <TableHeader>
              <TableRow>
                <TableHead>Time (UTC)</TableHead>
                <TableHead>Actor</TableHead>
                <TableHead>Action</TableHead>
                <TableHead>Resource</TableHead>
                <TableHead>Summary</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {entries.map((entry) => (
                <TableRow key={entry.seq} data-testid="audit-entry">
                  <TableCell className="whitespace-nowrap tabular-nums">{formatUtcTimestamp(entry.occurredAt.toISOString()) ?? entry.occurredAt.toISOString()}</TableCell>
                  <TableCell>{actorLabel(entry)}</TableCell>
                  <TableCell>
                    <Badge variant="outline">{entry.action}</Badge>
                  </TableCell>
                  <TableCell>
                    <span className="block">{entry.resourceType}</span>
                    <span className="block font-mono text-xs break-all text-muted-foreground">{entry.resourceId}</span>
                  </TableCell>
                  <TableCell>{entry.summary}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <nav className="flex gap-4 text-sm" aria-label="Audit log pages">
            {offset > 0 ? <a href={pageHref(path, filters, Math.max(0, offset - limit))}>Newer entries</a> : null}
            {last < total ? <a href={pageHref(path, filters, offset + limit)}>Older entries</a> : null}
          </nav>
        </>
      ) : null}
    </div>
  );
}

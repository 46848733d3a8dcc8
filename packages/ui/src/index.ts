export { cn } from "./cn";
export { Alert, type AlertProps, type AlertVariant } from "./alert";
export { AuditLogView, type AuditLogEntry, type AuditLogFilters, type AuditLogViewProps } from "./audit-log";
export {
  AppShell,
  findActiveHref,
  portalAccents,
  type AppShellLinkProps,
  type AppShellProps,
  type NavigationLink,
} from "./app-shell";
export { Badge, badgeVariants, type BadgeProps } from "./badge";
export { Button, buttonVariants, type ButtonProps } from "./button";
export { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "./card";
export { Checkbox, type CheckboxProps } from "./checkbox";
export { EmptyState, type EmptyStateProps } from "./empty-state";
export { FormField, type FormFieldControlProps, type FormFieldProps } from "./form-field";
export { Input, controlClassName } from "./input";
export { KeyValueList, type KeyValueItem, type KeyValueListProps } from "./key-value-list";
export { Label } from "./label";
export { PageHeader, type PageHeaderProps } from "./page-header";
export {
  PlatformMap,
  type PlatformMapPoint,
  type PlatformMapPointStatus,
  type PlatformMapProps,
} from "./platform-map";
export { Select, type SelectProps } from "./select";
export { StandInNotice, type StandInNoticeProps } from "./stand-in-notice";
export {
  StateBadge,
  formatStateLabel,
  stateTone,
  stateToneDotClassNames,
  type StateBadgeProps,
  type StateTone,
} from "./state-badge";
export { Stat, type StatProps } from "./stat";
export { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "./table";
export { Textarea } from "./textarea";
export { Timeline, formatUtcTimestamp, type TimelineEvent, type TimelineProps } from "./timeline";
export { SignInForm, type SignInFormProps, type SignInState } from "./sign-in-form";
export { LineChart, type LineChartProps, type LineChartSeries } from "./line-chart";
export { formatTickTime, linePath, linearScale, niceStep, niceTicks, timeTicks, valueAxis, type ChartPoint } from "./chart-scale";

export {
  LifecycleStatusForm,
  NewVersionForm,
  SpecificationDesignForm,
  type DesignAction,
  type DesignActionState,
  type DesignChoice,
  type LifecycleStatusFormProps,
  type NewVersionFormProps,
  type SpecificationDesignFormProps,
} from "./service-design-form";
export { emptyCharacteristicRow, toCharacteristicDraft, type CharacteristicRow } from "./service-design-draft";

import type { HTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";

export type KeyValueItem = {
  label: ReactNode;
  value: ReactNode;
};

export type KeyValueListProps = HTMLAttributes<HTMLDListElement> & {
  items: KeyValueItem[];
  /** Text shown for a value that is null, undefined or an empty string. */
  emptyValue?: ReactNode;
};

function isEmptyValue(value: ReactNode): boolean {
  return value === null || value === undefined || value === "";
}

/** Renders a description list (`<dl>`) of labelled values, such as the fields of one service order. */
export function KeyValueList({ items, emptyValue = "—", className, ...props }: KeyValueListProps) {
  return (
    <dl className={cn("grid grid-cols-1 gap-x-6 text-sm sm:grid-cols-[minmax(8rem,max-content)_1fr]", className)} {...props}>
      {items.map((item, index) => (
        <div key={index} className="grid grid-cols-subgrid border-b py-2 last:border-0 sm:col-span-2">
          <dt className="font-medium text-muted-foreground">{item.label}</dt>
          <dd className="min-w-0 break-words text-foreground">{isEmptyValue(item.value) ? emptyValue : item.value}</dd>
        </div>
      ))}
    </dl>
  );
}

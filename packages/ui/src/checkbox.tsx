import type { InputHTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";

export type CheckboxProps = Omit<InputHTMLAttributes<HTMLInputElement>, "type"> & {
  /** Visible text. When given, the checkbox and the text are wrapped in one `<label>`. */
  label?: ReactNode;
};

/** Renders a native checkbox, tinted with the portal accent. */
export function Checkbox({ className, label, ...props }: CheckboxProps) {
  const input = (
    <input
      type="checkbox"
      className={cn(
        "size-4 shrink-0 cursor-pointer rounded-sm border-input accent-primary focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring disabled:cursor-not-allowed disabled:opacity-50",
        className,
      )}
      {...props}
    />
  );

  if (label === undefined) {
    return input;
  }

  return (
    <label className="inline-flex cursor-pointer items-center gap-2 text-sm text-foreground has-disabled:cursor-not-allowed has-disabled:opacity-70">
      {input}
      <span>{label}</span>
    </label>
  );
}

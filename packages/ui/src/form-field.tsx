import { cloneElement, isValidElement, useId, type ReactElement, type ReactNode } from "react";
import { cn } from "./cn";
import { Label } from "./label";

/** Attributes that FormField puts on its control to bind the label, description and error. */
export type FormFieldControlProps = {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
  required?: boolean;
};

// Only the props FormField reads from its child, so any control element fits.
type ControlElementProps = { id?: string; "aria-describedby"?: string };

export type FormFieldProps = {
  label: ReactNode;
  /** Help text under the control. */
  description?: ReactNode;
  /** Validation message. When present, the control gets `aria-invalid`. */
  error?: ReactNode;
  required?: boolean;
  /** The control's id. Defaults to a generated one, or to the child's own `id`. */
  id?: string;
  className?: string;
  /**
   * One control element (Input, Select, Textarea…), which receives `id`,
   * `aria-describedby`, `aria-invalid` and `required`. A function instead
   * receives these attributes and returns the control.
   */
  children: ReactElement<ControlElementProps> | ((control: FormFieldControlProps) => ReactNode);
};

function joinIds(...ids: (string | undefined)[]): string | undefined {
  const present = ids.filter((id): id is string => id !== undefined && id !== "");
  return present.length > 0 ? present.join(" ") : undefined;
}

/** Renders a label, one control, help text and an error message, bound to each other. */
export function FormField({ label, description, error, required, id, className, children }: FormFieldProps) {
  const generatedId = useId();
  const childId = isValidElement(children) ? children.props.id : undefined;
  const controlId = id ?? childId ?? generatedId;

  const hasDescription = description !== undefined && description !== null && description !== false;
  const hasError = error !== undefined && error !== null && error !== false && error !== "";
  const descriptionId = hasDescription ? `${controlId}-description` : undefined;
  const errorId = hasError ? `${controlId}-error` : undefined;

  let control: ReactNode;
  if (typeof children === "function") {
    control = children({
      id: controlId,
      "aria-describedby": joinIds(descriptionId, errorId),
      ...(hasError ? { "aria-invalid": true as const } : {}),
      ...(required ? { required: true } : {}),
    });
  } else {
    const ownProps = children.props;
    control = cloneElement(children, {
      id: controlId,
      "aria-describedby": joinIds(ownProps["aria-describedby"], descriptionId, errorId),
      ...(hasError ? { "aria-invalid": true as const } : {}),
      ...(required ? { required: true } : {}),
    });
  }

  return (
    <div className={cn("flex flex-col gap-1.5", className)}>
      <Label htmlFor={controlId}>
        {label}
        {required && (
          <span aria-hidden="true" className="ml-0.5 text-destructive">
            *
          </span>
        )}
      </Label>
      {control}
      {hasDescription && (
        <p id={descriptionId} className="text-xs text-muted-foreground">
          {description}
        </p>
      )}
      {hasError && (
        <p id={errorId} className="text-xs font-medium text-destructive">
          {error}
        </p>
      )}
    </div>
  );
}

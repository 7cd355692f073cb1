export type FieldSpec = {
  name: string;
  label: string;
  type: "text" | "email" | "password";
  autoComplete: string;
  hint?: string;
};

/** A required, labelled input with its hint and error, tied together for screen readers. */
export function FormField({
  formId,
  field,
  error,
}: {
  formId: string;
  field: FieldSpec;
  error?: string;
}) {
  const inputId = `${formId}-${field.name}`;
  const describedBy = [field.hint ? `${inputId}-hint` : "", error ? `${inputId}-error` : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <div className="field">
      <label htmlFor={inputId}>{field.label}</label>
      <input
        id={inputId}
        name={field.name}
        type={field.type}
        autoComplete={field.autoComplete}
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
      {field.hint ? (
        <span id={`${inputId}-hint`} className="hint">
          {field.hint}
        </span>
      ) : null}
      {error ? (
        <span id={`${inputId}-error`} className="error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

import type { ReactNode } from 'react';

interface Props {
  id: string;
  label: string;
  hint?: ReactNode;
  errors?: string[];
  children: ReactNode;
}

/** Label, control, hint and the field's own errors; the control points at the last two via aria-describedby. */
export function FormField({ id, label, hint, errors, children }: Props) {
  return (
    <div className={`field${errors?.length ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      <FieldErrors id={id} errors={errors} />
    </div>
  );
}

export function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <ul id={`${id}-error`} className="field-error" role="alert">
      {errors.map((error) => (
        <li key={error}>{error}</li>
      ))}
    </ul>
  );
}

/** The aria attributes a control inside FormField needs. */
export function describedBy(id: string, hint: boolean, errors?: string[]) {
  const ids = [hint ? `${id}-hint` : '', errors?.length ? `${id}-error` : ''].filter(Boolean);
  return {
    id,
    'aria-invalid': errors?.length ? true : undefined,
    'aria-describedby': ids.length ? ids.join(' ') : undefined,
  };
}

/** A labelled text/number input. */
import type { InputHTMLAttributes } from 'react';

/** Props of {@link Field}: a label, the value, and any input attributes. */
export interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> {
  label: string;
  value: string;
  onValue: (value: string) => void;
  testId: string;
  /** Unit shown after the input (`ms`). */
  unit?: string;
  /** What is wrong with the value, in words, shown under the input (`data-testid="<testId>-error"`). */
  error?: string | undefined;
}

/** An input with its label above it; Enter submits the surrounding form. */
export function Field({ label, value, onValue, testId, unit, error, className, ...rest }: FieldProps) {
  return (
    <label className={`field ${className ?? ''}`}>
      <span className="field-label">{label}</span>
      <span className="field-row">
        <input {...rest} value={value} data-testid={testId} aria-invalid={error !== undefined} onChange={(e) => onValue(e.target.value)} spellCheck={false} autoComplete="off" />
        {unit !== undefined && <span className="field-unit">{unit}</span>}
      </span>
      {error !== undefined && (
        <span className="field-error" data-testid={`${testId}-error`}>
          {error}
        </span>
      )}
    </label>
  );
}

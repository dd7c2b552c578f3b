// How a form field shows a problem, as the page script does it in the
// browser (scripts/privacy-request/field-errors.ts): the field marked
// invalid, its error line described by the control.
import type { FormProblem } from './request-form.ts';

export interface FieldState {
  invalid: boolean;
  errorId: string;
  /** `field` or `field field-invalid`. */
  className: string;
  /** aria-invalid for the control: "true", or nothing. */
  ariaInvalid: 'true' | undefined;
  /** aria-describedby for the control (or fieldset): its hints, then the error when it shows. */
  describedBy(...ids: string[]): string | undefined;
}

export function fieldState(name: string, problems: readonly FormProblem[]): FieldState {
  const invalid = problems.some((problem) => problem.field === name);
  const errorId = `${name}-error`;
  return {
    invalid,
    errorId,
    className: invalid ? 'field field-invalid' : 'field',
    ariaInvalid: invalid ? 'true' : undefined,
    describedBy(...ids) {
      const all = invalid ? [...ids, errorId] : ids;
      return all.length > 0 ? all.join(' ') : undefined;
    },
  };
}

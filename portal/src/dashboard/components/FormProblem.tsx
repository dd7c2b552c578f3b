// The problem of a form's last submit, said once above or below its fields:
// announced (role=alert), with an id the field it names points at, so a
// screen reader reads the message again on that field.
import type { FieldError } from '../errors.ts';

export function FormProblem({ problem, id }: { problem: FieldError | null; id: string }) {
  if (!problem) return null;
  return (
    <p id={id} class="dash-error" role="alert">
      {problem.message}
    </p>
  );
}

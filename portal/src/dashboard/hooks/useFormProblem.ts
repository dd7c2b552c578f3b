// What a dialog's form keeps between submits: the last problem (from the API
// or checked in the page) and which field it marks. Each form had its own
// copy of this state and of the rule that only the named field is marked.
import { useId, useState } from 'preact/hooks';
import { type FieldError, invalidAttributes } from '../errors.ts';

export function useFormProblem() {
  const [problem, setProblem] = useState<FieldError | null>(null);
  const messageId = useId();
  return {
    problem,
    setProblem,
    /** The id <FormProblem> gives the message. */
    messageId,
    /** Spread on an input or fieldset: marked only when the problem names it. */
    invalid: (field: string) => invalidAttributes(problem, field, messageId),
  };
}

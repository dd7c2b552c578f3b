// The idempotency key of a form submission. One key per request the person
// means to make: pressing "Send" again with the same answers (a double click,
// a retry after a lost connection) sends the same key, so the API returns the
// request it already has instead of making a second one. Changed answers are
// a new request and get a new key; the API would refuse an old key with other
// answers (IDEMPOTENCY_KEY_REUSED).

export interface SubmissionKeys {
  /** The key for a submission of these answers. */
  keyFor(answers: Readonly<Record<string, string>>): string;
  /** Forget the current key: the next submission is a new request whatever its answers. */
  reset(): void;
}

export function createSubmissionKeys(newKey: () => string = () => crypto.randomUUID()): SubmissionKeys {
  let current: { answers: string; key: string } | null = null;
  return {
    keyFor(answers) {
      const serialised = JSON.stringify(Object.entries(answers).sort(([a], [b]) => a.localeCompare(b)));
      if (current?.answers !== serialised) current = { answers: serialised, key: newKey() };
      return current.key;
    },
    reset() {
      current = null;
    },
  };
}

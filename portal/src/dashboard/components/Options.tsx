// The options of a select, one per value of a vocabulary in its words, with
// the chosen one marked `selected`: Preact has no defaultValue for a select,
// and without the mark the first option shows (a filter from the address
// would not show, or Admin would be offered as a new person's role).
export function Options<Value extends string>({
  labels,
  chosen,
}: {
  labels: Readonly<Record<Value, string>>;
  chosen: string | null | undefined;
}) {
  return (
    <>
      {(Object.keys(labels) as Value[]).map((value) => (
        <option key={value} value={value} selected={chosen === value}>
          {labels[value]}
        </option>
      ))}
    </>
  );
}

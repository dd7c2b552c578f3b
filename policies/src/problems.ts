/** Something wrong with a policy file, located well enough to fix it. */
export interface Problem {
  /** Absolute path of the file at fault. */
  file: string;
  /** 1-based line, when the problem sits on one. */
  line?: number;
  /** The frontmatter or YAML field at fault, when there is one. */
  field?: string;
  message: string;
}

export function formatProblem(problem: Problem, relativeTo: (file: string) => string): string {
  const where = problem.line === undefined ? relativeTo(problem.file) : `${relativeTo(problem.file)}:${problem.line}`;
  const what = problem.field === undefined ? problem.message : `${problem.field}: ${problem.message}`;
  return `${where}: ${what}`;
}

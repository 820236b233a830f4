/**
 * Bad input in a trace: where (file and 1-based line) and why. Its message is
 * `FILE:LINE: reason`, the form compilers use, shown as-is by the command
 * line and the page.
 */
export class TraceError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'TraceError';
  }
}

/** Something legal that the replay leaves out (a free of memory allocated before tracing began...). */
export interface TraceWarning {
  readonly line: number;
  readonly message: string;
}

/** `FILE:LINE: warning: message`. */
export function formatWarning(file: string, warning: TraceWarning): string {
  return `${file}:${warning.line}: warning: ${warning.message}`;
}

/** A problem with what the user gave us (a flag, a file): printed as words, exit code 2, no stack. */
export class UserError extends Error {
  readonly lines: string[];
  constructor(lines: string[]) {
    super(lines.join('\n'));
    this.name = 'UserError';
    this.lines = lines;
  }
}

/** A command that ends early on purpose with this exit code (130: stopped by Ctrl-C), its words already said. */
export class ExitCode extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
    this.name = 'ExitCode';
  }
}

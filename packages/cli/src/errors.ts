/** A problem with what the user gave us (a flag, a file): printed as words, exit code 2, no stack. */
export class UserError extends Error {
  readonly lines: string[];
  constructor(lines: string[]) {
    super(lines.join('\n'));
    this.name = 'UserError';
    this.lines = lines;
  }
}

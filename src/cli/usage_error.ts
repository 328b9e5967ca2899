/** A mistake in how the program was invoked or configured: exit code 2 with one clear line. */
export class UsageError extends Error {
  /** Creates a usage error; `message` says what was wrong and what is allowed. */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

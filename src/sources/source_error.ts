/** Typed failures of a usage source, shown in the status line while the last good data stays. */

/** Why a source failed. */
export type SourceErrorCode = "missing" | "exit" | "timeout" | "invalid" | "no-data" | "io";

/** A usage source failure with a code and a one-line message. */
export class SourceError extends Error {
  /** Creates a source error; `message` is one line, sentence case, no final period. */
  constructor(readonly code: SourceErrorCode, message: string) {
    super(message);
    this.name = "SourceError";
  }
}

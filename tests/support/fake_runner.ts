/** A recording CommandRunner for tests: remembers every call and answers from a handler. */

import type { CommandRunner, RunOptions, RunResult } from "../../src/ports.ts";

/** One recorded call, exactly as the code under test made it. */
export interface RecordedCall {
  command: string;
  args: string[];
  options: RunOptions | undefined;
}

/** How a fake answers a call: a result, or a thrown error (e.g. `Deno.errors.NotFound`). */
export type FakeHandler = (call: RecordedCall) => RunResult | Promise<RunResult>;

/** Builds a RunResult; by default a clean exit 0 with no output. */
export function runResult(overrides: Partial<RunResult> = {}): RunResult {
  return { code: 0, stdout: "", stderr: "", timedOut: false, ...overrides };
}

/**
 * Records every `run()` and answers with `handler` (default: exit 0). Arguments and options
 * are copied, so later mutation by the caller cannot rewrite history.
 *
 * @example
 * ```ts
 * const runner = new FakeRunner((call) =>
 *   call.command === "ccusage" ? runResult({ stdout: "{}" }) : runResult({ code: 1 })
 * );
 * ```
 */
export class FakeRunner implements CommandRunner {
  /** Every call, in order. */
  readonly calls: RecordedCall[] = [];

  constructor(private readonly handler: FakeHandler = () => runResult()) {}

  /** Records the call, then answers it from the handler. */
  run(command: string, args: string[], options?: RunOptions): Promise<RunResult> {
    const call: RecordedCall = {
      command,
      args: [...args],
      options: options === undefined ? undefined : structuredClone(options),
    };
    this.calls.push(call);
    try {
      return Promise.resolve(this.handler(call));
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

/** A handler that throws `Deno.errors.NotFound` for every program, like a missing binary. */
export function notFound(call: RecordedCall): never {
  throw new Deno.errors.NotFound(`Failed to spawn '${call.command}': entity not found`);
}

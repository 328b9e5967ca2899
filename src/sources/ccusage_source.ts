/** The documented integration: `ccusage blocks --json --offline --since <day>` via a CommandRunner. */

import type { UsageData } from "../core/types.ts";
import type { CommandRunner, LoadOptions, UsageSource } from "../ports.ts";
import { SourceError } from "./source_error.ts";
import { parseBlocksJson } from "./validate_blocks.ts";

/** Options of {@linkcode createCcusageSource}. */
export interface CcusageOptions {
  runner: CommandRunner;
  /** The executable (name on PATH or a path). */
  command: string;
  timeoutMs: number;
  /** A neutral working directory: ccusage reads a `ccusage.json` from its cwd. */
  cwd: string;
  /** Extra environment (e.g. CLAUDE_CONFIG_DIR from --claude-dir). */
  env?: Record<string, string>;
}

/** The `--since` argument: the UTC day before `since`, so no time zone cuts a window. */
export function sinceArg(since: number): string {
  const d = new Date(since - 86_400_000);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, "0")}${
    String(d.getUTCDate()).padStart(2, "0")
  }`;
}

/** The argv passed to ccusage (exported for tests and docs). */
export function ccusageArgs(since: number | null): string[] {
  const args = ["blocks", "--json", "--offline"];
  if (since !== null && since > 0) args.push("--since", sinceArg(since));
  return args;
}

function firstLine(text: string): string {
  const line = text.split("\n").map((l) => l.trim()).find((l) => l !== "") ?? "";
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/**
 * A UsageSource that runs ccusage. Every failure becomes a `SourceError`:
 * missing executable, non-zero exit (with its stderr), timeout, invalid output.
 */
export function createCcusageSource(options: CcusageOptions): UsageSource {
  const { runner, command, timeoutMs, cwd } = options;
  return {
    kind: "ccusage",
    async load(since: number, loadOptions: LoadOptions = {}): Promise<UsageData> {
      let result;
      try {
        const runOptions: Parameters<CommandRunner["run"]>[2] = { cwd, timeoutMs };
        if (options.env) runOptions.env = options.env;
        // Without --since ccusage reports the whole history, so the record window is found
        // wherever it is, as the native reader finds it.
        const args = ccusageArgs(loadOptions.fullHistory ? null : since);
        result = await runner.run(command, args, runOptions);
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) {
          throw new SourceError(
            "missing",
            `Cannot run "${command}": not found (install ccusage or use --source native)`,
          );
        }
        if (error instanceof Deno.errors.NotCapable) {
          // The binary's --allow-run list names programs, so a path outside PATH is refused.
          throw new SourceError(
            "missing",
            `Cannot run "${command}": not permitted (put its folder on PATH and use its name)`,
          );
        }
        if (error instanceof Deno.errors.PermissionDenied) {
          throw new SourceError("missing", `Cannot run "${command}": permission denied`);
        }
        throw new SourceError("exit", `Cannot run "${command}": ${(error as Error).message}`);
      }
      if (result.timedOut) {
        throw new SourceError(
          "timeout",
          `ccusage did not finish within ${
            timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`
          } and was stopped`,
        );
      }
      if (result.code !== 0) {
        const detail = firstLine(result.stderr) || firstLine(result.stdout) || "no output";
        throw new SourceError("exit", `ccusage exited with code ${result.code}: ${detail}`);
      }
      try {
        return { blocks: parseBlocksJson(result.stdout) };
      } catch (error) {
        throw new SourceError(
          "invalid",
          `ccusage printed invalid output: ${(error as Error).message}`,
        );
      }
    },
  };
}

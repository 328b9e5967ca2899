/** `--source auto`: ccusage when it works, else the built-in reader for that load, saying why. */

import type { UsageData } from "../core/types.ts";
import type { LoadOptions, UsageSource } from "../ports.ts";
import { SourceError } from "./source_error.ts";
import { errorMessage } from "../core/error_message.ts";

/**
 * Wraps ccusage (`primary`) so a load it fails (not runnable, non-zero exit, timeout, invalid
 * output) is answered by the built-in reader, created on first need; the data then names the
 * reader as its source and carries the reason. The next load tries ccusage again. When the
 * reader fails too, the error names both failures.
 *
 * @example
 * ```ts
 * const source = createAutoSource(ccusage, () => createNativeSource(deps));
 * const { kind, fallbackReason } = await source.load(since);
 * ```
 */
export function createAutoSource(primary: UsageSource, fallback: () => UsageSource): UsageSource {
  let backup: UsageSource | null = null;
  return {
    kind: primary.kind,
    async load(since: number, options?: LoadOptions): Promise<UsageData> {
      let reason: string;
      try {
        return await primary.load(since, options);
      } catch (error) {
        reason = errorMessage(error);
      }
      backup ??= fallback();
      try {
        const data = await backup.load(since, options);
        return { ...data, kind: backup.kind, fallbackReason: reason };
      } catch (error) {
        const code = error instanceof SourceError ? error.code : "io";
        throw new SourceError(code, `${errorMessage(error)} (after ${reason})`);
      }
    },
    close(): void {
      primary.close?.();
      backup?.close?.();
    },
  };
}

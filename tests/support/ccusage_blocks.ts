/** Runs the real `ccusage blocks --json --offline` for differential tests, and compares blocks. */

import type { BlockJson } from "../../src/core/blocks_output.ts";
import { ccusageBinary } from "./ccusage_binary.ts";

/** The blocks ccusage printed and the time taken just before it ran. */
export interface CcusageRun {
  /** Exactly as printed (ISO times): compare with `blockToJson` of our blocks. */
  blocks: BlockJson[];
  /** Epoch ms read just before starting ccusage (ccusage uses its own clock). */
  now: number;
}

/**
 * Runs ccusage on the Claude config dir `dir` from an empty working directory with TZ=UTC.
 * ccusage 20.0.24 is fetched through Deno's npm support when needed (see `ccusageBinary`); a
 * failure to get it is a clear error, so a differential test never passes silently.
 */
export async function runCcusageBlocks(dir: string): Promise<CcusageRun> {
  const cwd = await Deno.makeTempDir({ prefix: "ccusage-cwd-" });
  try {
    const binary = await ccusageBinary();
    const now = Date.now();
    let output: Deno.CommandOutput;
    try {
      output = await new Deno.Command(binary, {
        args: ["blocks", "--json", "--offline", "--config", "/dev/null"],
        cwd,
        env: { TZ: "UTC", CLAUDE_CONFIG_DIR: dir, NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) {
        throw new Error(
          `Cannot run differential test: "${binary}" is missing`,
        );
      }
      throw error;
    }
    const stdout = new TextDecoder().decode(output.stdout);
    if (!output.success) {
      throw new Error(
        `Cannot run ccusage: exit ${output.code}: ${new TextDecoder().decode(output.stderr)}`,
      );
    }
    const parsed = JSON.parse(stdout) as { blocks: BlockJson[] };
    return { blocks: parsed.blocks, now };
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
}

/** JSON with object keys sorted, so key order never counts as a difference. */
function canonical(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, inner: unknown) =>
      typeof inner === "object" && inner !== null && !Array.isArray(inner)
        ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0))
        : inner,
  );
}

function close(actual: number, expected: number, relative: number): boolean {
  return Math.abs(actual - expected) <= relative * Math.max(Math.abs(expected), 1e-12);
}

/**
 * Lists every difference between two `blocks --json` outputs (ours encoded with `blockToJson`,
 * so the encoder is checked too, and ccusage's as printed): all fields equal, except costs
 * (1e-9 relative), burn rates (1e-9 relative) and `projection.remainingMinutes` (within 1).
 * `tokenLimitStatus` is ignored (it needs `--token-limit`).
 */
export function blockDifferences(
  actual: readonly BlockJson[],
  expected: readonly BlockJson[],
): string[] {
  const differences: string[] = [];
  if (actual.length !== expected.length) {
    differences.push(`block count ${actual.length} != ${expected.length}`);
  }
  for (let index = 0; index < Math.min(actual.length, expected.length); index++) {
    const a = actual[index] as unknown as Record<string, unknown>;
    const e = expected[index] as unknown as Record<string, unknown>;
    const keys = new Set([...Object.keys(a), ...Object.keys(e)]);
    keys.delete("tokenLimitStatus");
    for (const key of keys) {
      const av = a[key];
      const ev = e[key];
      const where = `block ${index} (${String(e.id)}) ${key}`;
      if (key === "costUSD") {
        if (!close(av as number, ev as number, 1e-9)) differences.push(`${where}: ${av} != ${ev}`);
      } else if ((key === "burnRate" || key === "projection") && av !== null && ev !== null) {
        const ar = av as Record<string, number>;
        const er = ev as Record<string, number>;
        for (const field of new Set([...Object.keys(ar), ...Object.keys(er)])) {
          const ok = field === "remainingMinutes"
            ? Math.abs((ar[field] ?? NaN) - (er[field] ?? NaN)) <= 1
            : field === "totalTokens" || field === "totalCost"
            ? close(ar[field] ?? NaN, er[field] ?? NaN, 1e-3)
            : close(ar[field] ?? NaN, er[field] ?? NaN, 1e-9);
          if (!ok) differences.push(`${where}.${field}: ${ar[field]} != ${er[field]}`);
        }
      } else if (canonical(av) !== canonical(ev)) {
        differences.push(`${where}: ${canonical(av)} != ${canonical(ev)}`);
      }
    }
  }
  return differences;
}

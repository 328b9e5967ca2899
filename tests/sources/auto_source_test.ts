import { deepStrictEqual, equal, match, ok, rejects } from "node:assert/strict";
import { join } from "node:path";
import { createAutoSource } from "../../src/sources/auto_source.ts";
import { SourceError } from "../../src/sources/source_error.ts";
import type { LoadOptions, UsageSource } from "../../src/ports.ts";
import type { SourceKind, UsageData } from "../../src/core/types.ts";
import { makeBlock } from "../support/blocks.ts";
import { assistantLine, writeTranscript } from "../support/generate_jsonl.ts";
import { runMain } from "../support/run_main.ts";

class Scripted implements UsageSource {
  calls: [number, LoadOptions | undefined][] = [];
  closed = 0;
  constructor(readonly kind: SourceKind, public answer: () => Promise<UsageData>) {}
  load(since: number, options?: LoadOptions): Promise<UsageData> {
    this.calls.push([since, options]);
    return this.answer();
  }
  close(): void {
    this.closed++;
  }
}

const good = { blocks: [makeBlock("2026-11-25T08:00:00Z")] };
const failing = () => Promise.reject(new SourceError("exit", "ccusage exited with code 1: boom"));

Deno.test("createAutoSource() answers with the reader when ccusage fails, saying why", async () => {
  const ccusage = new Scripted("ccusage", failing);
  let created = 0;
  const native = new Scripted("native", () => Promise.resolve(good));
  const source = createAutoSource(ccusage, () => {
    created++;
    return native;
  });
  equal(source.kind, "ccusage");
  const data = await source.load(5, { fullHistory: true });
  equal(data.kind, "native");
  equal(data.fallbackReason, "ccusage exited with code 1: boom");
  deepStrictEqual(data.blocks, good.blocks);
  deepStrictEqual(native.calls, [[5, { fullHistory: true }]]);
  // The next load tries ccusage again; the reader is created once.
  ccusage.answer = () => Promise.resolve(good);
  const next = await source.load(6);
  equal(next.kind, undefined);
  equal(next.fallbackReason, undefined);
  equal(ccusage.calls.length, 2);
  ccusage.answer = failing;
  await source.load(7);
  equal(created, 1);
  source.close?.();
  equal(ccusage.closed, 1);
  equal(native.closed, 1);
});

Deno.test("createAutoSource() names both failures when the reader fails too", async () => {
  const source = createAutoSource(
    new Scripted("ccusage", failing),
    () =>
      new Scripted(
        "native",
        () => Promise.reject(new SourceError("no-data", 'No Claude Code logs found in "/x"')),
      ),
  );
  await rejects(source.load(0), (error: unknown) => {
    ok(error instanceof SourceError);
    equal(error.code, "no-data");
    equal(
      error.message,
      'No Claude Code logs found in "/x" (after ccusage exited with code 1: boom)',
    );
    return true;
  });
});

const standIns: [string, string, RegExp][] = [
  [
    "exits non-zero",
    `#!/bin/sh\necho 'Error: native binary not found' >&2; exit 1\n`,
    /exited with code 1/,
  ],
  [
    "prints invalid output",
    `#!/bin/sh\necho '{"blocks":[{"id":"x"}]}'\n`,
    /ccusage printed invalid output/,
  ],
  // A launcher whose interpreter is gone (a broken npm install) cannot even start.
  ["is not runnable", `#!/nonexistent/node\n`, /Cannot run "ccusage"/],
];

for (const [name, body, reason] of standIns) {
  Deno.test({
    name: `--source auto falls back to the built-in reader when ccusage ${name}`,
    ignore: Deno.build.os === "windows",
    async fn() {
      const base = await Deno.makeTempDir({ prefix: "cm-auto-" });
      const bin = join(base, "bin");
      await Deno.mkdir(bin);
      await Deno.writeTextFile(join(bin, "ccusage"), body);
      await Deno.chmod(join(bin, "ccusage"), 0o755);
      const data = join(base, "claude");
      await writeTranscript(data, "p/s.jsonl", [
        assistantLine({
          time: Date.now() - 3 * 86_400_000,
          usage: { input_tokens: 1000, output_tokens: 400 },
          messageId: "m1",
          requestId: "r1",
        }),
      ]);
      const env = { PATH: `${bin}:/usr/bin:/bin`, CLAUDE_CONFIG_DIR: data };
      const json = await runMain(["--once", "--json"], { env });
      equal(json.code, 0, json.stderr);
      const source = JSON.parse(json.stdout).source;
      equal(source.kind, "native");
      equal(source.ok, true);
      match(source.fallbackReason, reason);
      equal(JSON.parse(json.stdout).period.maxTokens, 1400);
      const text = await runMain(["--once"], { env });
      equal(text.code, 0, text.stderr);
      match(text.stdout, /Source native \(ok\)\n {2}ccusage failed, using the built-in reader: /);
    },
  });
}

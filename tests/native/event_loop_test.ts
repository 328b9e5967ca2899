/** A long cold read leaves the event loop free now and then (the dashboard ticks, `q` answers). */

import { ok } from "node:assert/strict";
import { createDenoFileSystem } from "../../src/sources/native/deno_file_system.ts";
import { createNativeSource } from "../../src/sources/native/native_source.ts";
import { probeLine } from "../support/probe_fixture.ts";

Deno.test("timers keep firing while 4,000 transcripts are read cold", async () => {
  const dir = await Deno.makeTempDir({ prefix: "claude-monitor-ticks-" });
  try {
    for (let project = 0; project < 40; project++) {
      await Deno.mkdir(`${dir}/projects/p${project}`, { recursive: true });
      for (let file = 0; file < 100; file++) {
        const id = `${project}-${file}`;
        const lines = Array.from({ length: 20 }, (_, line) =>
          probeLine({
            messageId: `m${id}-${line}`,
            requestId: `r${id}-${line}`,
            sessionId: `s${id}`,
            timestamp: new Date(Date.UTC(2025, 2, 1) + (project * 100 + file) * 60_000 + line)
              .toISOString(),
          }));
        await Deno.writeTextFile(`${dir}/projects/p${project}/${id}.jsonl`, lines.join("\n"));
      }
    }
    const source = createNativeSource({
      fs: createDenoFileSystem(),
      dirs: [dir],
      now: () => Date.UTC(2025, 3, 1),
      workers: 0,
    });
    let last = performance.now();
    let longest = 0;
    let ticks = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
      ticks++;
    }, 5);
    const started = performance.now();
    try {
      await source.load(0);
    } finally {
      clearInterval(timer);
    }
    const took = performance.now() - started;
    ok(took > 100, `the read was too quick to tell (${took} ms)`);
    ok(ticks >= 3, `only ${ticks} ticks in ${took} ms`);
    ok(longest < 500, `the event loop was held for ${longest} ms`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

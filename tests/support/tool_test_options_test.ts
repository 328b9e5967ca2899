import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { onPath, toolTestOptions } from "./tool_test_options.ts";

async function withEnv(vars: Record<string, string | null>, fn: () => void | Promise<void>) {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, Deno.env.get(k)]));
  for (const [k, v] of Object.entries(vars)) v === null ? Deno.env.delete(k) : Deno.env.set(k, v);
  try {
    await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      v === undefined ? Deno.env.delete(k) : Deno.env.set(k, v);
    }
  }
}

Deno.test("toolTestOptions() skips outside CI with the missing tools and Debian packages in the name", async () => {
  const empty = await Deno.makeTempDir();
  try {
    await withEnv({ PATH: empty, CI: null }, () => {
      deepStrictEqual(toolTestOptions("dashboard in tmux", { tmux: "tmux", Xvfb: "xvfb" }), {
        name:
          'dashboard in tmux [skipped: "tmux", "Xvfb" not on PATH; install the Debian packages tmux xvfb]',
        ignore: true,
      });
    });
  } finally {
    await Deno.remove(empty);
  }
});

Deno.test({
  name:
    "toolTestOptions() makes the test mandatory when CI is set on Linux, even with the tool missing",
  ignore: Deno.build.os !== "linux",
}, async () => {
  const empty = await Deno.makeTempDir();
  try {
    await withEnv({ PATH: empty, CI: "true" }, () => {
      deepStrictEqual(toolTestOptions("dashboard in tmux", { tmux: "tmux" }), {
        name: "dashboard in tmux",
        ignore: false,
      });
    });
  } finally {
    await Deno.remove(empty);
  }
});

Deno.test("onPath() finds only executable files in PATH's folders", async () => {
  if (Deno.build.os === "windows") return;
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/runnable`, "#!/bin/sh\n");
    await Deno.chmod(`${dir}/runnable`, 0o755);
    await Deno.writeTextFile(`${dir}/plain`, "");
    await Deno.chmod(`${dir}/plain`, 0o644);
    equal(onPath("runnable", dir), true);
    equal(onPath("plain", dir), false);
    ok(!onPath("absent", dir));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** The release workflow must build, run and publish exactly what scripts/compile.ts produces. */

import {
  deepStrictEqual as assertEquals,
  match as assertMatch,
  ok as assert,
} from "node:assert/strict";
import { binaryName, TARGETS } from "../../scripts/compile.ts";

const ROOT = new URL("../../", import.meta.url);
const read = (path: string) => Deno.readTextFile(new URL(path, ROOT));

Deno.test("the release workflow smoke-tests every compile target once, each on its own runner", async () => {
  const release = await read(".github/workflows/release.yml");
  const rows = [...release.matchAll(/- \{ target: ([\w-]+), os: ([\w.-]+), exe: "([^"]*)" \}/g)];
  assertEquals(rows.map((r) => r[1]), [...TARGETS]);
  for (const [, target = "", os = "", exe] of rows) {
    assertEquals(
      `claude-session-monitor-${target}${exe}`,
      binaryName(target as typeof TARGETS[number]),
    );
    const family = target.includes("linux")
      ? /ubuntu/
      : target.includes("darwin")
      ? /macos/
      : /windows/;
    assertMatch(os, family, `${target} must run on its own OS, not ${os}`);
    if (target.startsWith("aarch64")) {
      assert(!/intel|ubuntu-latest$/.test(os), `${target} on ${os}`);
    }
  }
});

Deno.test("the release workflow runs --version and --once --json --demo and publishes binaries and checksums", async () => {
  const release = await read(".github/workflows/release.yml");
  assertMatch(release, /on:\n\s+push:\n\s+tags: \["v\*"\]/);
  assertMatch(release, /deno task compile --version "\$GITHUB_REF_NAME"/);
  assertMatch(release, /"\$bin" --version/);
  assertMatch(release, /"\$bin" --once --json --demo/);
  assertMatch(
    release,
    /gh release create "\$GITHUB_REF_NAME" dist\/claude-session-monitor-\* dist\/SHA256SUMS/,
  );
});

Deno.test("CI and release pin the same Deno and run the full gate on Linux, macOS and Windows", async () => {
  const ci = await read(".github/workflows/ci.yml");
  const release = await read(".github/workflows/release.yml");
  const pins = [...`${ci}\n${release}`.matchAll(/deno-version: (\S+)/g)].map((m) => m[1]);
  assert(pins.length >= 3);
  assertEquals(new Set(pins), new Set(["v2.9.6"]));
  assertMatch(ci, /os: \[ubuntu-latest, macos-latest, windows-latest\]/);
  for (const step of ["deno fmt --check", "deno lint", "deno task check", "deno task test"]) {
    assertMatch(ci, new RegExp(`run: ${step}\\n`), step);
  }
  for (const text of [ci, release]) assert(!/--allow-all|\s-A\s/.test(text));
});

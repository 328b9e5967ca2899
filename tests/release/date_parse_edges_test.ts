/**
 * Times inside the app are epoch ms; text becomes a number once, at the edge that reads it
 * (issue 10 item 11). A `Date.parse` anywhere else means an ISO string travelled inward.
 */

import { deepStrictEqual } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { join, relative } from "node:path";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The edges where text from outside is read: each one says what it decodes. */
const EDGES: Record<string, string> = {
  "src/sources/native/parse_line.ts": "transcript timestamps",
  "src/sources/native/fast_usage_line.ts": "transcript timestamps (the byte-level fast path)",
  "src/sources/validate_blocks.ts": "ccusage blocks --json",
  "src/store/seed_import.ts": "the seed's state file",
  "src/store/capture_codec.ts": "the statusline capture file",
};

/** Code without its comments (JSDoc examples may call Date.parse), lines kept in place. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ""))
    .replace(/(^|\s)\/\/.*$/gm, "$1");
}

/** `path:line` of each Date.parse in the code of `text`. */
function dateParses(path: string, text: string): string[] {
  return code(text).split("\n").flatMap((line, i) =>
    /\bDate\s*\.\s*parse\b|\bDate\s*\[\s*["']parse["']\s*\]/.test(line) ? [`${path}:${i + 1}`] : []
  );
}

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    const path = join(dir, e.name);
    if (e.isDirectory) out.push(...await sourceFiles(path));
    else if (e.name.endsWith(".ts") && !e.name.endsWith("_test.ts")) out.push(path);
  }
  return out.sort();
}

async function scan(under: string): Promise<string[]> {
  const found: string[] = [];
  for (const path of await sourceFiles(join(ROOT, under))) {
    const rel = relative(ROOT, path).replaceAll("\\", "/");
    found.push(...dateParses(rel, await Deno.readTextFile(path)));
  }
  return found;
}

Deno.test("the scan finds Date.parse in code and ignores it in comments", () => {
  const sample = [
    "/**",
    " * const t = Date.parse(iso);",
    " */",
    "const a = 1; // Date.parse would be wrong here",
    "const b = Date.parse(text);",
    'const c = Date["parse"](text);',
    'const url = "https://x"; const d = Date . parse(s);',
  ].join("\n");
  deepStrictEqual(dateParses("x.ts", sample), ["x.ts:5", "x.ts:6", "x.ts:7"]);
});

Deno.test("src/core calls no Date.parse outside comments: its times are epoch ms", async () => {
  deepStrictEqual(await scan("src/core"), []);
});

Deno.test("src calls Date.parse only at the edges that read text from outside", async () => {
  const found = (await scan("src")).filter((at) => !(at.split(":")[0]! in EDGES));
  deepStrictEqual(found, []);
});

/** The dotfiles reference (docs table, JSON Schema) must say what the settings table does. */

import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { configSchema } from "../../scripts/gen_config_schema.ts";
import { resolveSettings, SETTINGS, type SettingSpec } from "../../src/cli/settings.ts";

const ROOT = new URL("../../", import.meta.url);

/** Rows of the generated table in docs/configuration.md, as unescaped, trimmed cells. */
async function docTableRows(): Promise<string[][]> {
  const doc = await Deno.readTextFile(new URL("docs/configuration.md", ROOT));
  const start = doc.indexOf("<!-- settings-table:start");
  const end = doc.indexOf("<!-- settings-table:end -->");
  assert(start >= 0 && end > start, "docs/configuration.md lost its table markers");
  return doc.slice(start, end).split("\n")
    .filter((l) => l.startsWith("|"))
    .slice(2) // header and separator
    .map((l) => l.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim().replaceAll("\\|", "|")));
}

Deno.test("docs/configuration.md has one table row per setting, matching the settings table", async () => {
  const expected = SETTINGS.map((s) => [
    `\`${s.key}\``,
    s.kind.type === "bool" ? `\`--${s.flag} / --no-${s.flag}\`` : `\`--${s.flag} ${s.arg}\``,
    `\`${s.env}\``,
    s.defaultText,
    s.help,
  ]);
  assertEquals(await docTableRows(), expected);
});

Deno.test("config.schema.json is the schema generated from the settings table", async () => {
  const committed = JSON.parse(await Deno.readTextFile(new URL("config.schema.json", ROOT)));
  assertEquals(committed, configSchema());
});

Deno.test("config.schema.json is draft-07, closed, and has a property for every setting", async () => {
  const schema = JSON.parse(await Deno.readTextFile(new URL("config.schema.json", ROOT)));
  assertEquals(schema.$schema, "http://json-schema.org/draft-07/schema#");
  assertEquals(schema.type, "object");
  assertEquals(schema.additionalProperties, false);
  assertEquals(
    Object.keys(schema.properties).sort(),
    ["$schema", ...SETTINGS.map((s) => s.key)].sort(),
  );
});

type Schema = Record<string, unknown>;

/** The draft-07 keywords the generated schema uses, enough to check values against it. */
function accepts(schema: Schema, v: unknown): boolean {
  if (Array.isArray(schema["anyOf"])) {
    return (schema["anyOf"] as Schema[]).some((s) => accepts(s, v));
  }
  if ("const" in schema && v !== schema["const"]) return false;
  const type = schema["type"];
  if (type !== undefined) {
    const ok = type === "integer"
      ? Number.isInteger(v)
      : type === "number"
      ? typeof v === "number"
      : type === "string"
      ? typeof v === "string"
      : type === "boolean"
      ? typeof v === "boolean"
      : type === "null"
      ? v === null
      : type === "array"
      ? Array.isArray(v)
      : false;
    if (!ok) return false;
  }
  if (typeof v === "number") {
    if (typeof schema["minimum"] === "number" && v < schema["minimum"]) return false;
    if (typeof schema["maximum"] === "number" && v > schema["maximum"]) return false;
  }
  if (Array.isArray(schema["enum"]) && !schema["enum"].includes(v)) return false;
  if (typeof v === "string" && typeof schema["pattern"] === "string") {
    if (!new RegExp(schema["pattern"]).test(v)) return false;
  }
  if (Array.isArray(v) && schema["items"] !== undefined) {
    return v.every((x) => accepts(schema["items"] as Schema, x));
  }
  return true;
}

function programAccepts(spec: SettingSpec, v: unknown): boolean {
  try {
    resolveSettings({
      flags: {},
      env: {},
      file: { [spec.key]: v },
      fileName: "config.json",
      systemTimeZone: "UTC",
    });
    return true;
  } catch {
    return false;
  }
}

/** Values of each JSON type around each setting's limits. */
function candidates(spec: SettingSpec): unknown[] {
  const k = spec.kind;
  const common = [null, true, false, "", " ", "none", "UTC", "auto", ["x"], [], [""], {}, 0, -1];
  if (k.type === "int" || k.type === "number" || k.type === "int-or-null") {
    return [...common, k.min, k.max, k.min - 1, k.max + 1, k.min + 0.5, (k.min + k.max) / 2];
  }
  if (k.type === "enum") return [...common, ...k.choices, k.choices[0]?.toUpperCase()];
  return [...common, "Europe/Warsaw", "/home/me/.claude", ["/a", "/b"]];
}

Deno.test("every value config.schema.json accepts, the program accepts from config.json", () => {
  const schema = configSchema();
  for (const spec of SETTINGS) {
    const property = schema.properties[spec.key] as Schema;
    for (const v of candidates(spec)) {
      // A schema cannot list the zones this runtime's Intl knows; the program checks those.
      if (spec.kind.type === "timezone" && typeof v === "string") continue;
      if (accepts(property, v)) {
        assert(
          programAccepts(spec, v),
          `${spec.key}: schema accepts ${JSON.stringify(v)}, program does not`,
        );
      }
    }
  }
});

Deno.test("config.schema.json accepts each setting's limits and rejects values just past them", () => {
  const schema = configSchema();
  for (const spec of SETTINGS) {
    const property = schema.properties[spec.key] as Schema;
    const k = spec.kind;
    if (k.type === "int" || k.type === "number" || k.type === "int-or-null") {
      assertEquals([accepts(property, k.min), accepts(property, k.max)], [true, true], spec.key);
      assertEquals(
        [accepts(property, k.min - 1), accepts(property, k.max + 1)],
        [false, false],
        spec.key,
      );
      assertEquals(programAccepts(spec, k.max + 1), false, spec.key);
    }
    if (k.type === "int" || k.type === "int-or-null") {
      assertEquals(accepts(property, k.min + 0.5), false);
    }
    if (k.type === "int-or-null") {
      assertEquals([accepts(property, null), accepts(property, "none")], [true, true]);
    }
    if (k.type === "enum") {
      for (const c of k.choices) {
        assert(accepts(property, c) && programAccepts(spec, c), `${spec.key} ${c}`);
      }
    }
    if (k.type === "bool") {
      assertEquals([accepts(property, true), accepts(property, "true")], [true, false]);
    }
  }
});

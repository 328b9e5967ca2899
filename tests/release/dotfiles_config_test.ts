/** The dotfiles promise: every preference in SETTINGS can live in config.json and takes effect. */

import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { join } from "node:path";
import { resolveSettings, SETTINGS, type SettingSpec } from "../../src/cli/settings.ts";
import { loadConfigFile } from "../../src/store/config_file.ts";

/** A valid value for `spec` that differs from its default. */
function sample(spec: SettingSpec): unknown {
  const k = spec.kind;
  switch (k.type) {
    case "int":
    case "int-or-null":
    case "number":
      return k.max;
    case "enum":
      return k.choices.at(-1);
    case "bool":
      return false;
    case "list":
      return ["/data/claude"];
    case "timezone":
      return "Asia/Tokyo";
    case "string":
      return "/opt/bin/ccusage";
    case "pattern":
      return k.example;
  }
}

Deno.test("every preference set in config.json reaches the effective settings with origin file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "config.json");
    const data = Object.fromEntries(SETTINGS.map((s) => [s.key, sample(s)]));
    await Deno.writeTextFile(path, JSON.stringify({ $schema: "./config.schema.json", ...data }));
    const config = await loadConfigFile(path, true);
    const { settings, origins } = resolveSettings({
      flags: {},
      env: {},
      file: config.layer,
      fileName: path,
      systemTimeZone: "UTC",
    });
    for (const spec of SETTINGS) {
      assertEquals([spec.key, origins[spec.key]], [spec.key, "file"]);
      assertEquals([spec.key, settings[spec.key]], [spec.key, data[spec.key]]);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

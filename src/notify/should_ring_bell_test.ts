import { strictEqual } from "node:assert/strict";
import { shouldRingBell } from "./should_ring_bell.ts";

Deno.test("shouldRingBell() rings when there is no backend or the send failed, and only then", () => {
  const cases: [string | null, { ok: boolean; tried: string[] } | null, boolean][] = [
    [null, null, true],
    [null, { ok: false, tried: [] }, true],
    ["notify-send", { ok: false, tried: ["notify-send"] }, true],
    ["notify-send", { ok: true, tried: ["notify-send"] }, false],
    ["notify-send", null, false],
  ];
  for (const [backend, result, expected] of cases) {
    strictEqual(shouldRingBell(backend, result), expected, `${backend} ${JSON.stringify(result)}`);
  }
});

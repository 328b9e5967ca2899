import { deepStrictEqual, equal } from "node:assert/strict";
import { parseStatuslineInput } from "../core/official.ts";
import { decodeCapture, encodeCapture } from "./capture_codec.ts";

const now = Date.parse("2026-11-25T10:00:00Z");
const c = parseStatuslineInput(
  JSON.stringify({
    rate_limits: {
      five_hour: { used_percentage: 23.5, resets_at: Date.parse("2026-11-25T13:00:00Z") / 1000 },
      seven_day: { used_percentage: 41.2 },
    },
  }),
  now,
)!;

Deno.test("encodeCapture() writes ISO times and decodeCapture() reads them back as epoch ms", () => {
  const stored = JSON.parse(JSON.stringify(encodeCapture(c)));
  deepStrictEqual(stored, {
    capturedAt: "2026-11-25T10:00:00.000Z",
    fiveHour: { usedPercentage: 23.5, resetsAt: "2026-11-25T13:00:00.000Z" },
    sevenDay: { usedPercentage: 41.2, resetsAt: null },
    spendLimit: null,
    modelScoped: [],
  });
  deepStrictEqual(decodeCapture(stored), c);
});

Deno.test("decodeCapture() accepts stored captures (old and new) and rejects other shapes", () => {
  const stored = encodeCapture(c);
  const old = { capturedAt: stored.capturedAt, fiveHour: stored.fiveHour, sevenDay: null };
  deepStrictEqual(decodeCapture(old), {
    capturedAt: c.capturedAt,
    fiveHour: c.fiveHour,
    sevenDay: null,
    spendLimit: null,
    modelScoped: [],
  });
  equal(decodeCapture({ capturedAt: "x" }), null);
  equal(decodeCapture({ capturedAt: now, fiveHour: null, sevenDay: null }), null);
  equal(
    decodeCapture({ capturedAt: stored.capturedAt, fiveHour: { used: 1 }, sevenDay: null }),
    null,
  );
  equal(
    decodeCapture({
      capturedAt: stored.capturedAt,
      fiveHour: { usedPercentage: 1, resetsAt: "x" },
    }),
    null,
  );
  equal(
    decodeCapture({
      capturedAt: stored.capturedAt,
      fiveHour: { usedPercentage: -1, resetsAt: null },
    }),
    null,
  );
  equal(decodeCapture([stored]), null);
});

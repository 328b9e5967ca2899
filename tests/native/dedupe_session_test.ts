/** De-duplication is scoped by session as in ccusage 20.0.24 (issue 10 item 5), probe by probe. */

import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { pathSession } from "../../src/sources/native/path_session.ts";
import { type ProbeFiles, probeLine as line, runProbe } from "../support/probe_fixture.ts";

const P = "projects/p/";
const LATER = "2025-03-01T10:00:01.000Z";

/** Each probe with the entries ccusage 20.0.24 counts (measured; 10 + 5 tokens a line). */
const probes: { name: string; files: ProbeFiles; entries: number }[] = [
  {
    name: "same message.id, no requestId, same sessionId, two files",
    files: {
      [`${P}a.jsonl`]: [line({ messageId: "m1", sessionId: "s1" })],
      [`${P}b.jsonl`]: [line({ messageId: "m1", sessionId: "s1" })],
    },
    entries: 1,
  },
  {
    name: "same message.id, no requestId, sessionId s1 vs s2",
    files: {
      [`${P}a.jsonl`]: [line({ messageId: "m1", sessionId: "s1" })],
      [`${P}b.jsonl`]: [line({ messageId: "m1", sessionId: "s2" })],
    },
    entries: 2,
  },
  {
    name: "same message.id, no requestId, sessionId s1 vs absent",
    files: {
      [`${P}a.jsonl`]: [line({ messageId: "m1", sessionId: "s1" })],
      [`${P}b.jsonl`]: [line({ messageId: "m1" })],
    },
    entries: 2,
  },
  {
    name: "same message.id, no sessionId, files a.jsonl and b.jsonl",
    files: {
      [`${P}a.jsonl`]: [line({ messageId: "m1" })],
      [`${P}b.jsonl`]: [line({ messageId: "m1" })],
    },
    entries: 2,
  },
  {
    name: "same message.id and requestId, sessions s1 vs s2",
    files: {
      [`${P}a.jsonl`]: [line({ messageId: "m1", requestId: "r1", sessionId: "s1" })],
      [`${P}b.jsonl`]: [line({ messageId: "m1", requestId: "r1", sessionId: "s2" })],
    },
    entries: 1,
  },
  {
    name: "sidechain replay with a new requestId, same session, same timestamp",
    files: {
      [`${P}a.jsonl`]: [line({ messageId: "m1", requestId: "r1", sessionId: "s1" })],
      [`${P}b.jsonl`]: [
        line({ messageId: "m1", requestId: "r2", sessionId: "s1", sidechain: true }),
      ],
    },
    entries: 1,
  },
  {
    name: "sidechain replay, same timestamp, other session",
    files: {
      [`${P}a.jsonl`]: [line({ messageId: "m1", requestId: "r1", sessionId: "s1" })],
      [`${P}b.jsonl`]: [
        line({ messageId: "m1", requestId: "r2", sessionId: "s2", sidechain: true }),
      ],
    },
    entries: 2,
  },
  {
    name: "sidechain replay, same session, one second later",
    files: {
      [`${P}a.jsonl`]: [line({ messageId: "m1", requestId: "r1", sessionId: "s1" })],
      [`${P}b.jsonl`]: [
        line({
          messageId: "m1",
          requestId: "r2",
          sessionId: "s1",
          sidechain: true,
          timestamp: LATER,
        }),
      ],
    },
    entries: 2,
  },
  {
    name: "sidechain replay without sessionId in the file named after the session",
    files: {
      [`${P}s1.jsonl`]: [line({ messageId: "m1", requestId: "r1" })],
      [`${P}b.jsonl`]: [
        line({ messageId: "m1", requestId: "r2", sessionId: "s1", sidechain: true }),
      ],
    },
    entries: 1,
  },
  {
    name: "a requestId line and a request-less line of one message never merge",
    files: {
      [`${P}a.jsonl`]: [
        line({ messageId: "m1", requestId: "r1", sessionId: "s1" }),
        line({ messageId: "m1", sessionId: "s1" }),
      ],
    },
    entries: 2,
  },
  {
    name: "files of the same name in two projects name the same session",
    files: {
      "projects/p/x.jsonl": [line({ messageId: "m1" })],
      "projects/q/x.jsonl": [line({ messageId: "m1" })],
    },
    entries: 1,
  },
  {
    name: "a file's name is its session for lines without sessionId",
    files: {
      [`${P}a.jsonl`]: [line({ messageId: "m1" })],
      [`${P}b.jsonl`]: [line({ messageId: "m1", sessionId: "a" })],
    },
    entries: 1,
  },
  {
    name: "a subagent file belongs to the session folder above subagents",
    files: {
      [`${P}s1/subagents/agent-1.jsonl`]: [line({ messageId: "m1" })],
      [`${P}s1.jsonl`]: [line({ messageId: "m1", sessionId: "s1" })],
    },
    entries: 1,
  },
  {
    name: "a deeper file belongs to its folder",
    files: {
      [`${P}a/b/c/x.jsonl`]: [line({ messageId: "m1" })],
      [`${P}y.jsonl`]: [line({ messageId: "m1", sessionId: "c" })],
    },
    entries: 1,
  },
  {
    name: "subagents right under a project is the session folder itself",
    files: {
      [`${P}subagents/agent-1.jsonl`]: [line({ messageId: "m1" })],
      [`${P}y.jsonl`]: [line({ messageId: "m1", sessionId: "p" })],
    },
    entries: 2,
  },
  {
    name: "a file directly in projects/ is named with its extension",
    files: {
      "projects/z.jsonl": [line({ messageId: "m1" })],
      [`${P}y.jsonl`]: [line({ messageId: "m1", sessionId: "z.jsonl" })],
    },
    entries: 1,
  },
];

for (const probe of probes) {
  Deno.test(`de-duplication equals ccusage: ${probe.name}`, async () => {
    const result = await runProbe(probe.files);
    assertEquals(result.differences, []);
    assertEquals(result.entries, probe.entries);
  });
}

Deno.test("pathSession() names sessions as ccusage derives them", () => {
  const base = "/home/ana/.claude/projects/";
  assertEquals(pathSession(`${base}-home-ana-app/5c03.jsonl`), "5c03");
  assertEquals(pathSession(`${base}-home-ana-app/5c03/subagents/agent-1.jsonl`), "5c03");
  assertEquals(pathSession(`${base}-home-ana-app/subagents/agent-1.jsonl`), "subagents");
  assertEquals(pathSession(`${base}-home-ana-app/a/b/c/x.jsonl`), "c");
  assertEquals(pathSession(`${base}z.jsonl`), "z.jsonl");
  assertEquals(pathSession("C:\\Users\\ana\\.claude\\projects\\p\\a.b.jsonl"), "a.b");
});

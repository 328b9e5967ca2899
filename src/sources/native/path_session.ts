/** The session a transcript's path names, as ccusage 20.0.24 derives it for lines without `sessionId`. */

/**
 * The session named by `path` relative to its `projects/` folder (the last path component called
 * `projects`): `projects/<file>` names the file name itself, `projects/<project>/<id>.jsonl`
 * names `<id>`, and deeper files name their folder, except `<id>/subagents/<file>` under a
 * project, which names `<id>`. Each rule was measured against ccusage 20.0.24 with probes
 * (tests/native/dedupe_session_test.ts).
 *
 * @example
 * ```ts
 * pathSession("/home/ana/.claude/projects/-home-ana-app/5c03.jsonl"); // "5c03"
 * pathSession("/home/ana/.claude/projects/-home-ana-app/5c03/subagents/agent-1.jsonl"); // "5c03"
 * ```
 */
export function pathSession(path: string): string {
  const parts = path.split(/[\\/]/);
  const root = parts.lastIndexOf("projects");
  const relative = root === -1 ? parts.slice(-2) : parts.slice(root + 1);
  const count = relative.length;
  const file = relative[count - 1] ?? "";
  if (count <= 1) return file;
  if (count === 2) return file.endsWith(".jsonl") ? file.slice(0, -6) : file;
  const parent = relative[count - 2]!;
  if (parent === "subagents" && count >= 4) return relative[count - 3]!;
  return parent;
}

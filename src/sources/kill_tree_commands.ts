/** The programs that stop a child with every process it started, per platform (pure). */

/** One program to run, with explicit argv. */
export interface KillCommand {
  command: string;
  args: string[];
}

/**
 * The commands that kill the process tree of `pid`, tried in order until one succeeds. Under the
 * shipped `--allow-run=<list>` Deno may signal only its direct child, so the tree goes through a
 * listed program: `taskkill /T /F` on Windows (the child's descendants, forced), `kill` on the
 * child's process group elsewhere (it was started as a group leader). procps `kill` needs `--`
 * before a negative pid, or it signals nothing and still exits 0; a `kill` without `--` support
 * fails on it, and then gets the plain form.
 */
export function killTreeCommands(os: string, pid: number): KillCommand[] {
  if (os === "windows") {
    return [{ command: "taskkill", args: ["/PID", String(pid), "/T", "/F"] }];
  }
  return [
    { command: "kill", args: ["-KILL", "--", `-${pid}`] },
    { command: "kill", args: ["-KILL", `-${pid}`] },
  ];
}

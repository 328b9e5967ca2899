/**
 * The runtime flags the program runs with, in one place: the `start` task in deno.json and the
 * compiled binaries (scripts/compile.ts) must grant exactly these. A test keeps deno.json in step.
 */

/**
 * Programs the monitor may run: the ccusage source and each platform's notifier (DESIGN §5, §6),
 * and `kill`/`taskkill`: under this list Deno refuses `Deno.kill(-pid)`, so a timed-out ccusage
 * or notifier is stopped with its whole process tree by `kill -KILL -- -<pgid>` (POSIX) or
 * `taskkill /PID <pid> /T /F` (Windows) (src/sources/kill_tree_commands.ts).
 */
export const RUN_ALLOWLIST: readonly string[] = [
  "ccusage",
  "notify-send",
  "dunstify",
  "terminal-notifier",
  "osascript",
  "powershell.exe",
  "powershell",
  "kill",
  "taskkill",
];

/**
 * Flags for `deno run` and `deno compile`, in the order the start task spells them.
 * `-q` silences Deno's "Failed to resolve ... for allow-run" notices for notifiers that are not
 * installed; `deno compile` stores the log level in the binary, so it is quiet there too.
 * No network and no `--allow-all`: the monitor reads local files and runs the listed programs.
 */
export const RUNTIME_FLAGS: readonly string[] = [
  "-q",
  "--unstable-unsafe-proto",
  // Never stop at a permission prompt (blessed runs `tmux -V` inside tmux): deny and carry on.
  "--no-prompt",
  // A small young generation: a cold read parses millions of short-lived line objects, and the
  // default semi-space lets that garbage pile up (measured: peak RSS on 1 GiB ~280 -> ~255 MiB).
  // No memory reducer: it runs extra full collections (on V8's helper threads too) whenever the
  // process looks idle after one, which for an idle dashboard was the largest CPU cost of its
  // first minutes (~80 ms of CPU), to shrink a JavaScript heap of ~25 MB by a few hundred KB.
  "--v8-flags=--max-semi-space-size=2,--no-memory-reducer",
  "--allow-read",
  "--allow-env",
  "--allow-write",
  `--allow-run=${RUN_ALLOWLIST.join(",")}`,
];

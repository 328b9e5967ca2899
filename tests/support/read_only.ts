/**
 * Makes a folder read-only for one child process. As a normal user `chmod 555` does it; root
 * ignores file modes, so as root the child runs in its own mount namespace where the folder is a
 * read-only bind mount (`unshare -m`, util-linux), which nothing outside that child sees.
 */

/** How to run a child that sees `dir` read-only, or why it cannot be done here. */
export type ReadOnlyPlan =
  | { ok: true; prefix: string[]; undo: () => Promise<void> }
  | { ok: false; reason: string };

function isRoot(): boolean {
  try {
    return Deno.uid() === 0;
  } catch {
    return false;
  }
}

let namespaces: boolean | null = null;

function canUnshare(): boolean {
  if (namespaces !== null) return namespaces;
  try {
    const out = new Deno.Command("unshare", {
      args: ["-m", "sh", "-c", "mount -t tmpfs none /mnt && mount -o remount,ro /mnt"],
      stdout: "null",
      stderr: "null",
    }).outputSync();
    namespaces = out.success;
  } catch {
    namespaces = false;
  }
  return namespaces;
}

/** Whether a read-only folder can be arranged here; with the reason when not. */
export function readOnlySupport(): { ok: boolean; reason: string } {
  if (Deno.build.os === "windows") return { ok: false, reason: "no read-only folders on Windows" };
  if (!isRoot() || canUnshare()) return { ok: true, reason: "" };
  return {
    ok: false,
    reason: "running as root without `unshare -m` (util-linux, and the right to mount)",
  };
}

/** Plans a child run that sees `dir` read-only; call `undo()` afterwards. */
export async function readOnly(dir: string): Promise<ReadOnlyPlan> {
  const support = readOnlySupport();
  if (!support.ok) return { ok: false, reason: support.reason };
  if (!isRoot()) {
    const mode = (await Deno.stat(dir)).mode ?? 0o755;
    await Deno.chmod(dir, 0o555);
    return { ok: true, prefix: [], undo: () => Deno.chmod(dir, mode & 0o7777) };
  }
  const script = 'mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" && exec "$@"';
  return { ok: true, prefix: ["unshare", "-m", "sh", "-c", script, dir], undo: async () => {} };
}

import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { findOnPath } from "./find_on_path.ts";

/** An `exists` over a fixed set of files that also records what was probed. */
function files(...paths: string[]): ((candidate: string) => boolean) & { probed: string[] } {
  const probed: string[] = [];
  return Object.assign((candidate: string) => {
    probed.push(candidate);
    return paths.includes(candidate);
  }, { probed });
}

Deno.test("findOnPath() returns the first PATH directory that holds the program", () => {
  const exists = files("/usr/bin/notify-send", "/opt/bin/notify-send");
  strictEqual(
    findOnPath("notify-send", "/usr/local/bin:/usr/bin:/opt/bin", undefined, "linux", exists),
    "/usr/bin/notify-send",
  );
  deepStrictEqual(exists.probed, ["/usr/local/bin/notify-send", "/usr/bin/notify-send"]);
});

Deno.test("findOnPath() returns null when no directory holds the program", () => {
  strictEqual(findOnPath("dunstify", "/usr/bin:/bin", undefined, "linux", files()), null);
  strictEqual(findOnPath("dunstify", undefined, undefined, "linux", files("dunstify")), null);
});

Deno.test("findOnPath() never searches the current directory through empty PATH entries", () => {
  const exists = files("notify-send", "/notify-send");
  strictEqual(findOnPath("notify-send", ":/usr/bin::", undefined, "linux", exists), null);
  deepStrictEqual(exists.probed, ["/usr/bin/notify-send"]);
});

Deno.test("findOnPath() does not double a trailing slash", () => {
  strictEqual(
    findOnPath("osascript", "/usr/bin/", undefined, "darwin", files("/usr/bin/osascript")),
    "/usr/bin/osascript",
  );
});

Deno.test("findOnPath() checks a name with a slash as a path, not on PATH", () => {
  strictEqual(findOnPath("./tool", "/usr/bin", undefined, "linux", files("./tool")), "./tool");
  strictEqual(findOnPath("/x/tool", "/usr/bin", undefined, "linux", files("/usr/bin/tool")), null);
});

Deno.test("findOnPath() on Windows splits on semicolons, unquotes entries and tries PATHEXT", () => {
  const exists = files("C:\\Program Files\\Tools\\toast.cmd");
  strictEqual(
    findOnPath(
      "toast",
      'C:\\Windows;"C:\\Program Files\\Tools";',
      ".COM;.EXE;.BAT;.CMD",
      "windows",
      exists,
    ),
    "C:\\Program Files\\Tools\\toast.cmd",
  );
  deepStrictEqual(exists.probed.slice(0, 4), [
    "C:\\Windows\\toast.com",
    "C:\\Windows\\toast.exe",
    "C:\\Windows\\toast.bat",
    "C:\\Windows\\toast.cmd",
  ]);
});

Deno.test("findOnPath() on Windows takes a name that already has an extension as it is", () => {
  const exists = files("C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe");
  strictEqual(
    findOnPath(
      "powershell.exe",
      "C:\\Windows\\System32;C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\",
      undefined,
      "windows",
      exists,
    ),
    "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
  );
  deepStrictEqual(exists.probed, [
    "C:\\Windows\\System32\\powershell.exe",
    "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
  ]);
});

Deno.test("findOnPath() on POSIX keeps semicolons and backslashes as ordinary characters", () => {
  strictEqual(findOnPath("a", "/x;y:/z", undefined, "linux", files("/x;y/a")), "/x;y/a");
});

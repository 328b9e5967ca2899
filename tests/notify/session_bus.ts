/**
 * A private desktop-notification stack for tests: Xvfb, a D-Bus session bus, dunst as the
 * notification server, and dbus-monitor recording every Notify call on that bus.
 */

/** Programs the stack needs, with the Debian package that ships each. */
export const REQUIRED_TOOLS: Record<string, string> = {
  "Xvfb": "xvfb",
  "dbus-daemon": "dbus",
  "dbus-monitor": "dbus",
  "dbus-send": "dbus",
  "dunst": "dunst",
  "notify-send": "libnotify-bin",
  "dunstify": "dunst",
};

/** One Notify call as seen on the bus. */
export interface NotifyCall {
  appName: string;
  summary: string;
  body: string;
}

/** A running stack; `close()` stops every process it started. */
export interface SessionBus {
  /** Value for DBUS_SESSION_BUS_ADDRESS. */
  address: string;
  /** Notify calls seen so far, in order. */
  calls(): NotifyCall[];
  /** Waits until at least `count` Notify calls were seen, or fails after `timeoutMs`. */
  waitForCalls(count: number, timeoutMs?: number): Promise<NotifyCall[]>;
  close(): Promise<void>;
}

/** Throws one clear error listing every missing program and the packages to install. */
export function assertToolsInstalled(path: string | undefined): void {
  const dirs = (path ?? "").split(":").filter((dir) => dir !== "");
  const missing = Object.keys(REQUIRED_TOOLS).filter((tool) =>
    !dirs.some((dir) => {
      try {
        return Deno.statSync(`${dir}/${tool}`).isFile;
      } catch {
        return false;
      }
    })
  );
  if (missing.length > 0) {
    const packages = [...new Set(missing.map((tool) => REQUIRED_TOOLS[tool]))].join(" ");
    throw new Error(
      `Cannot run the D-Bus notification test: ${
        missing.map((tool) => `"${tool}"`).join(", ")
      } not on PATH (install with: apt-get install -y ${packages})`,
    );
  }
}

/** A child process whose output is collected in the background. */
class Collected {
  readonly child: Deno.ChildProcess;
  stdout = "";
  stderr = "";
  private readonly done: Promise<unknown>;

  constructor(readonly name: string, args: string[], env: Record<string, string> = {}) {
    this.child = new Deno.Command(name, {
      args,
      env,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    this.done = Promise.all([
      this.drain(this.child.stdout, (text) => (this.stdout += text)),
      this.drain(this.child.stderr, (text) => (this.stderr += text)),
      this.child.status,
    ]);
  }

  private async drain(stream: ReadableStream<Uint8Array>, add: (text: string) => void) {
    const decoder = new TextDecoder();
    for await (const chunk of stream) add(decoder.decode(chunk, { stream: true }));
    add(decoder.decode());
  }

  /** Waits until `ready` holds, failing with this process's output if it exits or times out. */
  async until(
    ready: () => boolean | Promise<boolean>,
    what: string,
    timeoutMs = 10_000,
  ): Promise<void> {
    let exited = false;
    this.child.status.then(() => (exited = true));
    const deadline = Date.now() + timeoutMs;
    while (!(await ready())) {
      if (exited || Date.now() > deadline) {
        throw new Error(
          `Cannot start "${this.name}": ${exited ? "it exited" : "timed out"} before ${what}` +
            ` (stderr: ${JSON.stringify(this.stderr.slice(-500))})`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async stop(): Promise<void> {
    try {
      this.child.kill("SIGTERM");
    } catch {
      // Already exited.
    }
    const timer = setTimeout(() => {
      try {
        this.child.kill("SIGKILL");
      } catch {
        // Exited after all.
      }
    }, 3_000);
    await this.done;
    clearTimeout(timer);
  }
}

const NOTIFY_CALL = new RegExp(
  String.raw`member=Notify\n   string "(.*?)"\n   uint32 \d+\n   string ".*?"\n` +
    String.raw`   string "([\s\S]*?)"\n   string "([\s\S]*?)"\n   array \[`,
  "g",
);

/**
 * Parses Notify calls from dbus-monitor's text output. dbus-monitor prints strings raw between
 * quotes, so a summary containing `"` + newline + `   string "` would be ambiguous; test text
 * avoids exactly that sequence.
 */
export function parseNotifyCalls(output: string): NotifyCall[] {
  return [...output.matchAll(NOTIFY_CALL)].map((match) => ({
    appName: match[1] ?? "",
    summary: match[2] ?? "",
    body: match[3] ?? "",
  }));
}

/** Starts the stack; call `close()` in a `finally`. */
export async function startSessionBus(configHome: string): Promise<SessionBus> {
  const started: Collected[] = [];
  const close = async () => {
    for (const process of started.reverse()) await process.stop();
  };
  try {
    // -displayfd picks a free display and reports it, so parallel runs and a real X never clash.
    const xvfb = new Collected("Xvfb", [
      "-displayfd",
      "1",
      "-nolisten",
      "tcp",
      "-screen",
      "0",
      "640x480x24",
    ]);
    started.push(xvfb);
    await xvfb.until(() => /^\d+\n/.test(xvfb.stdout), "reporting its display");
    const display = `:${xvfb.stdout.trim()}`;

    // --nofork keeps the bus our child, so stop() really ends it.
    const daemon = new Collected("dbus-daemon", ["--session", "--nofork", "--print-address=1"]);
    started.push(daemon);
    await daemon.until(() => daemon.stdout.includes("\n"), "printing its address");
    const address = daemon.stdout.trim();
    const env = {
      DBUS_SESSION_BUS_ADDRESS: address,
      DISPLAY: display,
      XDG_CONFIG_HOME: configHome,
    };

    const dunst = new Collected("dunst", [], env);
    started.push(dunst);
    // Poll the bus itself: dunst prints nothing when it has taken the name.
    await dunst.until(async () => {
      const { stdout } = await new Deno.Command("dbus-send", {
        args: [
          `--bus=${address}`,
          "--print-reply",
          "--dest=org.freedesktop.DBus",
          "/org/freedesktop/DBus",
          "org.freedesktop.DBus.NameHasOwner",
          "string:org.freedesktop.Notifications",
        ],
        stderr: "null",
      }).output();
      return new TextDecoder().decode(stdout).includes("boolean true");
    }, "owning org.freedesktop.Notifications");

    const monitor = new Collected("dbus-monitor", [
      "--address",
      address,
      "interface='org.freedesktop.Notifications'",
    ]);
    started.push(monitor);
    // It prints NameLost when it turns into a monitor; from then on it sees every call.
    await monitor.until(() => monitor.stdout.includes("member=NameLost"), "becoming a monitor");

    return {
      address,
      calls: () => parseNotifyCalls(monitor.stdout),
      async waitForCalls(count, timeoutMs = 10_000) {
        await monitor.until(
          () => parseNotifyCalls(monitor.stdout).length >= count,
          `seeing ${count} Notify call(s); seen so far: ${monitor.stdout.slice(-2000)}`,
          timeoutMs,
        );
        return parseNotifyCalls(monitor.stdout);
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * claude-session-monitor's entry point: the only impure file. Reads argv and the environment, wires the
 * adapters, installs signal handlers and maps errors to exit codes (0 ok, 1 runtime, 2 usage).
 */

// deno-lint-ignore-file no-console
import denoJson from "./deno.json" with { type: "json" };
import { type CliArgs, helpText, parseCli } from "./src/cli/args.ts";
import { isValidTimeZone, type ResolvedSettings, resolveSettings } from "./src/cli/settings.ts";
import { UsageError } from "./src/cli/usage_error.ts";
import { unknownEnvWarnings } from "./src/cli/unknown_env.ts";
import { COMMAND_NAME } from "./src/cli/command_name.ts";
import { terminalSafe, terminalSafeJson, terminalSafeLines } from "./src/core/terminal_safe.ts";
import type { Snapshot } from "./src/core/types.ts";
import { Monitor } from "./src/app/monitor.ts";
import { createSource, defaultDataDirs, readerCacheLocation } from "./src/app/create_source.ts";
import { claudeDataDirs } from "./src/sources/native/discover.ts";
import { canonicalDir, resolveDataSet } from "./src/store/data_set.ts";
import { DenoCommandRunner } from "./src/sources/command_runner.ts";
import { createDenoFileSystem } from "./src/sources/native/deno_file_system.ts";
import { discoverFiles } from "./src/sources/native/discover.ts";
import { SourceError } from "./src/sources/source_error.ts";
import { type ConfigFile, loadConfigFile } from "./src/store/config_file.ts";
import { configPath, seedConfigPath, stateDir } from "./src/store/paths.ts";
import { StateStore } from "./src/store/state_store.ts";
import { MemoryStateStore } from "./src/store/memory_state_store.ts";
import {
  capturePath,
  loadCaptures,
  saveCapture,
  statuslineConfigDir,
} from "./src/store/official_store.ts";
import { createAlertGate } from "./src/store/alert_gate.ts";
import { readerSummaryPath } from "./src/store/reader_cache_file.ts";
import type { Clock, Notifier, UsageSource } from "./src/ports.ts";
import { join } from "./src/store/path.ts";

/** Warnings held back while the dashboard owns the screen (stderr would draw over it). */
let heldWarnings: string[] | null = null;

function warn(message: string): void {
  // Messages quote paths, values and data: nothing in them may drive the terminal.
  message = terminalSafe(message);
  if (heldWarnings === null) console.error(`${COMMAND_NAME}: ${message}`);
  else if (!heldWarnings.includes(message)) heldWarnings.push(message);
}

const VERSION = Deno.env.get("CLAUDE_MONITOR_BUILD_VERSION") ?? denoJson.version;
const systemClock: Clock = { now: () => Date.now() };

function systemTimeZone(): string {
  // Intl answers "UTC" for these (tests/cli/system_time_zone_test.ts checks it); asking it loads
  // the zone data, ~10 ms of a run that may need no zone but UTC.
  const tz = Deno.env.get("TZ");
  if (tz === "UTC" || tz === "Etc/UTC") return "UTC";
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

async function loadSettings(
  args: CliArgs,
  env: Record<string, string>,
): Promise<{ resolved: ResolvedSettings; config: ConfigFile }> {
  const path = args.configFile ?? configPath(env, Deno.build.os);
  const config = await loadConfigFile(path, args.configFile !== null);
  const resolved = resolveSettings({
    flags: args.flags,
    env,
    file: config.layer,
    fileName: path,
    systemTimeZone: systemTimeZone(),
  });
  return { resolved, config };
}

async function loadSeed(env: Record<string, string>, config: ConfigFile) {
  if (config.seed) return config.seed;
  // The seed kept its state in ~/.config/claude-monitor/config.json even where XDG says otherwise.
  const path = seedConfigPath(env);
  if (path === config.path) return null;
  try {
    const data = JSON.parse(await Deno.readTextFile(path));
    return typeof data === "object" && data !== null && "max_tokens" in data ? data : null;
  } catch {
    return null;
  }
}

// Modules one mode needs are loaded by that mode: a run loads only what it uses (each module
// costs start-up time, and `--once` is run every few seconds by status bars).
async function printSnapshot(snapshot: Snapshot, format: CliArgs["format"]): Promise<void> {
  switch (format) {
    case "json": {
      const { snapshotToJson } = await import("./src/core/snapshot_json.ts");
      return console.log(terminalSafeJson(JSON.stringify(snapshotToJson(snapshot), null, 2)));
    }
    case "line": {
      const { formatLine } = await import("./src/core/status_formats.ts");
      return console.log(terminalSafeLines(formatLine(snapshot)));
    }
    case "waybar": {
      const { formatWaybar } = await import("./src/core/status_formats.ts");
      return console.log(terminalSafeJson(formatWaybar(snapshot)));
    }
    case "text": {
      const { formatOnceText } = await import("./src/core/once_text.ts");
      return console.log(terminalSafeLines(formatOnceText(snapshot)));
    }
  }
}

/** Where the native reader's cache of the configured data dirs is, and its size (null: none). */
function readerCacheReport(env: Record<string, string>, settings: ResolvedSettings["settings"]) {
  const dirs = claudeDataDirs({
    env: (name) => env[name],
    home: env["HOME"] ?? env["USERPROFILE"] ?? null,
    claudeDirs: settings.claudeDirs,
  });
  const { path } = readerCacheLocation(env, dirs);
  let bytes: number | null = null;
  // The summary beside it is part of the cache.
  for (const file of [path, readerSummaryPath(path)]) {
    try {
      bytes = (bytes ?? 0) + Deno.statSync(file).size;
    } catch {
      // No cache (or no summary) yet.
    }
  }
  return { path, bytes };
}

async function run(argv: string[]): Promise<number> {
  const args = parseCli(argv);
  if (args.help) {
    console.log(helpText(VERSION));
    return 0;
  }
  if (args.version) {
    console.log(`${COMMAND_NAME} ${VERSION}`);
    return 0;
  }
  if (args.command === "statusline") return await runStatusline(argv);
  const env = Deno.env.toObject();
  // A misspelled variable would otherwise do nothing at all (the statusline returned above and
  // stays quiet).
  for (const message of unknownEnvWarnings(env)) warn(message);
  const { resolved, config } = await loadSettings(args, env);
  const settings = resolved.settings;
  const dir = stateDir(env, Deno.build.os);
  if (args.command === "config") {
    const { configReport } = await import("./src/cli/config_report.ts");
    console.log(
      terminalSafeLines(
        configReport(resolved, config.path, config.exists, dir, readerCacheReport(env, settings)),
      ),
    );
    return 0;
  }
  const runner = new DenoCommandRunner();
  // A one-shot run never alerts (alerts are a running monitor's, see Monitor.tick).
  const oneShot = !args.testAlert && (args.once || args.command === "blocks");
  let notifier: Notifier | null = null;
  if (!oneShot) {
    const { createNotifier } = await import("./src/notify/create_notifier.ts");
    const { executableExists } = await import("./src/notify/executable_exists.ts");
    notifier = createNotifier({ runner, platform: Deno.build.os, env, exists: executableExists });
  }

  if (args.testAlert && notifier !== null) {
    const { sendTestAlert } = await import("./src/notify/test_alert.ts");
    const result = await sendTestAlert(notifier);
    (result.ok ? console.log : console.error)(terminalSafe(result.message));
    return result.ok ? 0 : 1;
  }

  const { source, dataDirs } = await createSource({
    settings,
    demo: args.demo,
    env,
    runner,
    clock: systemClock,
    stateDir: dir,
    watch: !args.once && args.command === "monitor",
    cache: {
      mode: args.noCache ? "off" : args.recalculate ? "rebuild" : "use",
      appVersion: VERSION,
      warn,
    },
  });
  // One state per set of data directories, so two accounts never mix; the seed's state came from
  // the default directories and goes to theirs only.
  const dataSet = args.demo ? null : await resolveDataSet(dataDirs, defaultDataDirs(env));
  // The account's official captures are read even with --demo (reading them changes nothing).
  const accountDirs = dataDirs.length > 0 ? dataDirs : claudeDataDirs({
    env: (name) => env[name],
    home: env["HOME"] ?? env["USERPROFILE"] ?? null,
    claudeDirs: settings.claudeDirs,
  });
  // Demo data is invented: it must never reach the real state or the user's desktop.
  const monitor = new Monitor({
    clock: systemClock,
    source,
    store: dataSet === null ? new MemoryStateStore() : new StateStore(dir, dataSet),
    settings,
    notifier: args.demo ? null : notifier,
    seed: dataSet?.isDefault ? await loadSeed(env, config) : null,
    dataDirs,
    recalculate: args.recalculate,
    loadCaptures: () => loadCaptures(dir, accountDirs),
    // Real monitors of one data set send each alert once between them; demo ones and one-shot
    // runs (which never alert) send nothing.
    alertGate: dataSet === null || oneShot
      ? null
      : await createAlertGate(join(dir, "sent", dataSet.key), systemClock.now()),
    bell: () => {
      // The bell is the fallback when no notifier delivered; it is harmless without a TTY.
      if (Deno.stdout.isTerminal()) Deno.stdout.writeSync(new Uint8Array([7]));
    },
    onEvent: (e) => {
      if (e.type === "warning") warn(e.message);
    },
  });
  await monitor.init();

  if (args.command === "blocks" || args.once) {
    try {
      return await runOnce(args, monitor, source, dataDirs, settings.timezone);
    } finally {
      // The dashboard's stop() closes the source; a one-shot run does it here, before exiting.
      await source.close?.();
    }
  }

  if (args.headless) return await runHeadless(monitor);
  if (!Deno.stdout.isTerminal()) {
    throw new UsageError(
      "Cannot start the dashboard: standard output is not a terminal (use --once or --once --json)",
    );
  }
  return await runDashboard(monitor);
}

/** Whether a load failed only because the data dirs' `projects/` folders hold no transcripts. */
async function emptyHistory(error: unknown, dirs: readonly string[]): Promise<boolean> {
  if (!(error instanceof SourceError) || error.code !== "no-data") return false;
  const found = await discoverFiles(createDenoFileSystem(), dirs);
  return found.projectDirs.length > 0 && found.files.length === 0;
}

/** `blocks` and `--once`: one load, printed, then exit. */
async function runOnce(
  args: CliArgs,
  monitor: Monitor,
  source: UsageSource,
  dataDirs: string[],
  timeZone: string,
): Promise<number> {
  if (args.command === "blocks") {
    const { blocksToJson, blocksToTable } = await import("./src/core/blocks_output.ts");
    // Same range as `ccusage blocks`: the whole history unless the data says otherwise.
    let data;
    try {
      data = await source.load(0, { withoutActivity: true });
    } catch (error) {
      if (await emptyHistory(error, dataDirs)) {
        // As ccusage: a projects folder without transcripts is an empty history, not an error.
        if (args.json) console.log(blocksToJson([]));
        else warn(`no Claude Code usage found in ${dataDirs.join(", ")}`);
        return 0;
      }
      warn((error as Error).message);
      return 1;
    }
    console.log(
      args.json
        ? terminalSafeJson(blocksToJson(data.blocks))
        : terminalSafeLines(blocksToTable(data.blocks, timeZone)),
    );
    return 0;
  }

  await monitor.refresh();
  const snapshot = monitor.snapshot();
  await printSnapshot(snapshot, args.format);
  if (!snapshot.source.ok) {
    if (args.format !== "json") warn(snapshot.source.error ?? "no data");
    return 1;
  }
  if (args.format === "text" && monitor.blocks().length === 0) {
    // ccusage reports an empty history without complaint: say where the data was expected, and
    // since when when the load did not cover the whole history.
    const { noUsageMessage } = await import("./src/core/once_text.ts");
    warn(noUsageMessage(dataDirs, monitor.historySince(), timeZone));
  }
  return 0;
}

/** Reads standard input up to `max` bytes (the rest is ignored); empty when it is a terminal. */
async function readStdin(max: number): Promise<string> {
  if (Deno.stdin.isTerminal()) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = Deno.stdin.readable.getReader();
  try {
    while (size < max) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    all.set(c, offset);
    offset += c.length;
  }
  return new TextDecoder().decode(all.subarray(0, max));
}

/** The display zone for the statusline: settings if they resolve, else the system's. */
async function statuslineTimeZone(argv: string[], env: Record<string, string>): Promise<string> {
  try {
    return (await loadSettings(parseCli(argv), env)).resolved.settings.timezone;
  } catch {
    // A broken config file or variable must not break Claude Code's status bar.
    const tz = env["CLAUDE_MONITOR_TIMEZONE"];
    return tz !== undefined && isValidTimeZone(tz) ? tz : systemTimeZone();
  }
}

/**
 * Claude Code's statusLine command: reads its JSON on stdin, records the official rate limits for
 * the account (the config dir Claude Code runs with), prints a compact line. Always prints a line
 * and exits 0, whatever stdin, config file or variable it meets, so the status bar never breaks.
 */
async function runStatusline(argv: string[]): Promise<number> {
  let line = `${COMMAND_NAME}: no rate limits yet`;
  try {
    const env = Deno.env.toObject();
    const text = await readStdin(4 * 1024 * 1024).catch(() => "");
    const { formatStatusline, parseStatuslineInput } = await import("./src/core/official.ts");
    const capture = parseStatuslineInput(text, Date.now());
    if (capture !== null) {
      const dir = stateDir(env, Deno.build.os);
      const path = capturePath(dir, await canonicalDir(statuslineConfigDir(env)));
      await saveCapture(path, capture).catch((error) =>
        console.error(`${COMMAND_NAME}: Cannot save the capture: ${(error as Error).message}`)
      );
    }
    line = formatStatusline(capture, await statuslineTimeZone(argv, env));
  } catch (error) {
    console.error(`${COMMAND_NAME}: ${error instanceof Error ? error.message : String(error)}`);
  }
  console.log(terminalSafeLines(line));
  return 0;
}

/** Whether argv asks for the statusline command (even when other arguments are malformed). */
function isStatusline(argv: string[]): boolean {
  try {
    return parseCli(argv).command === "statusline";
  } catch {
    return argv.includes("statusline");
  }
}

/**
 * Waits for SIGINT, SIGTERM, SIGHUP or SIGQUIT (Ctrl-C/Ctrl-Break on Windows), then resolves, so
 * the caller saves state, restores the terminal, prints held warnings and exits 0.
 *
 * On POSIX the listeners go on Node's `process`, not `Deno.addSignalListener`: blessed's screen
 * adds its own SIGINT/SIGTERM/SIGQUIT handler that calls `process.exit(0)` on the next tick
 * unless another `process` listener exists, which skipped the final save. Being that other
 * listener keeps blessed out of the way (a patch around blessed, not a change to it).
 */
async function untilSignal(): Promise<{ done: Promise<void>; remove: () => void }> {
  let stop: () => void = () => {};
  const done = new Promise<void>((resolve) => (stop = resolve));
  if (Deno.build.os === "windows") {
    const signals: Deno.Signal[] = ["SIGINT", "SIGBREAK"];
    for (const s of signals) Deno.addSignalListener(s, stop);
    return {
      done,
      remove: () => {
        for (const s of signals) Deno.removeSignalListener(s, stop);
      },
    };
  }
  // Loaded here: node:process costs every run ~10 ms of start-up, and only these modes wait.
  const { default: process } = await import("node:process");
  const signals = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"] as const;
  for (const s of signals) process.on(s, stop);
  return {
    done,
    remove: () => {
      for (const s of signals) process.off(s, stop);
    },
  };
}

async function runHeadless(monitor: Monitor): Promise<number> {
  const { HeadlessRenderer } = await import("./src/app/headless_renderer.ts");
  monitor.setRenderer(new HeadlessRenderer((line) => console.log(line)));
  const signal = await untilSignal();
  try {
    await monitor.start();
    await signal.done;
    return 0;
  } finally {
    signal.remove();
    await monitor.stop();
  }
}

async function runDashboard(monitor: Monitor): Promise<number> {
  const { createBlessedRenderer } = await import("./src/ui/blessed_dashboard.ts");
  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => (finish = resolve));
  const quit = () => finish(0);
  heldWarnings = [];
  // An error escaping a timer must still restore the terminal: end the run as a failure.
  const fatal = (event: ErrorEvent | PromiseRejectionEvent) => {
    event.preventDefault();
    const reason = "reason" in event ? event.reason : event.error;
    warn(`Unexpected error: ${reason instanceof Error ? reason.message : String(reason)}`);
    finish(1);
  };
  globalThis.addEventListener("error", fatal);
  globalThis.addEventListener("unhandledrejection", fatal);
  const renderer = createBlessedRenderer({
    onRefresh: () => monitor.refreshNow(),
    onQuit: quit,
  });
  monitor.setRenderer(renderer);
  const signal = await untilSignal();
  signal.done.then(quit);
  try {
    await monitor.start({ drawBeforeData: true });
    return await done;
  } finally {
    signal.remove();
    // Restore the terminal first: nothing after this may leave it in raw mode.
    renderer.destroy();
    await monitor.stop();
    globalThis.removeEventListener("error", fatal);
    globalThis.removeEventListener("unhandledrejection", fatal);
    const held = heldWarnings;
    heldWarnings = null;
    for (const message of held.slice(-5)) warn(message);
  }
}

if (import.meta.main) {
  let code: number;
  try {
    code = isStatusline(Deno.args) ? await runStatusline(Deno.args) : await run(Deno.args);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${COMMAND_NAME}: ${terminalSafe(error.message)}`);
      console.error(`Run ${COMMAND_NAME} --help for usage.`);
      code = 2;
    } else {
      warn(error instanceof Error ? error.message : String(error));
      code = 1;
    }
  }
  Deno.exit(code);
}

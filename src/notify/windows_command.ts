/** Windows notification command: a PowerShell toast whose text arrives through the environment. */

import { messageText, type NotifyCommand } from "./notify_command.ts";

/** Environment variable carrying the title to the toast script. */
export const TITLE_VARIABLE = "CLAUDE_MONITOR_TITLE";
/** Environment variable carrying the body to the toast script. */
export const BODY_VARIABLE = "CLAUDE_MONITOR_BODY";

/**
 * The constant PowerShell script: it reads the text from the environment and inserts it as XML
 * text nodes (never markup), so nothing in a message is parsed by PowerShell or by the toast XML.
 * One line with only single quotes, because powershell.exe re-parses its command line and
 * double quotes or newlines would need Windows argv escaping. The AppUserModelID is Windows
 * PowerShell's own, which Windows accepts for toasts without registering an app.
 */
export const WINDOWS_TOAST_SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  "$null = [Windows.UI.Notifications.ToastNotificationManager, Windows.UI.Notifications, ContentType = WindowsRuntime]",
  "$null = [Windows.Data.Xml.Dom.XmlDocument, Windows.Data.Xml.Dom.XmlDocument, ContentType = WindowsRuntime]",
  "$xml = [Windows.UI.Notifications.ToastNotificationManager]::GetTemplateContent([Windows.UI.Notifications.ToastTemplateType]::ToastText02)",
  "$text = $xml.GetElementsByTagName('text')",
  `[void]$text.Item(0).AppendChild($xml.CreateTextNode([string]$env:${TITLE_VARIABLE}))`,
  `[void]$text.Item(1).AppendChild($xml.CreateTextNode([string]$env:${BODY_VARIABLE}))`,
  "$toast = [Windows.UI.Notifications.ToastNotification]::new($xml)",
  "$app = '{1AC14E77-02E7-4E5D-B744-2EB1AE5198B7}\\WindowsPowerShell\\v1.0\\powershell.exe'",
  "[Windows.UI.Notifications.ToastNotificationManager]::CreateToastNotifier($app).Show($toast)",
].join("; ");

/**
 * Builds the PowerShell invocation; title and body travel only in environment variables.
 *
 * @example
 * ```ts
 * windowsCommand("Title", "Body").env; // { CLAUDE_MONITOR_TITLE: "Title", CLAUDE_MONITOR_BODY: "Body" }
 * ```
 */
export function windowsCommand(title: string, body: string): NotifyCommand {
  return {
    command: "powershell.exe",
    args: ["-NoProfile", "-NonInteractive", "-Command", WINDOWS_TOAST_SCRIPT],
    env: { [TITLE_VARIABLE]: messageText(title), [BODY_VARIABLE]: messageText(body) },
  };
}

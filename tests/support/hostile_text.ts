/** Message texts that would break anything splicing them into a shell, script or command line. */

/** Hostile strings: quotes of every kind, substitutions, variables, newlines, emoji, injections. */
export const HOSTILE_TEXTS: readonly string[] = [
  `plain text`,
  `"double" 'single' \`back\` “curly” ‘curly’ «angle»`,
  "$(touch /tmp/pwned) `touch /tmp/pwned` ${HOME} $HOME",
  "%PATH% %USERPROFILE% !VAR! ^& | > < &&",
  "line one\nline two\r\nline three\ttab",
  `"; do shell script "touch /tmp/pwned"`,
  `'; Remove-Item -Recurse ~ ;'`,
  `"); Remove-Item -Recurse ~; ("`,
  "$env:CLAUDE_MONITOR_TITLE $(Get-ChildItem) @' here '@",
  "<toast><visual>x</visual></toast> &amp; <b>bold</b> ]]>",
  "emoji 🎉🔥 ZWJ 👩‍💻 combining é RTL \u202Eevil",
  "-title --help -e",
  '\\ \\\\ \\" trailing backslash \\',
  "",
];

/**
 * The command's name: `claude-session-monitor` (the original project's name). `claude-monitor` is
 * the command of the popular Python monitor on PyPI, so both can sit on one PATH. The config
 * and state folders keep the `claude-monitor` name, so nothing has to move.
 */

/** The installed command and release asset prefix. */
export const COMMAND_NAME = "claude-session-monitor";

/**
 * Runs one program through the real DenoCommandRunner and prints the result as JSON, so a test
 * can run the runner under the shipped permissions (`deno run` with scripts/permissions.ts).
 *
 * Usage: deno run <RUNTIME_FLAGS> tests/support/run_command.ts <program> <timeout ms>
 */

import { DenoCommandRunner } from "../../src/sources/command_runner.ts";

const [program, timeout] = Deno.args;
if (!program || !timeout) throw new Error("Usage: run_command.ts <program> <timeout ms>");
const result = await new DenoCommandRunner().run(program, ["Title", "Body"], {
  timeoutMs: Number(timeout),
});
// deno-lint-ignore no-console -- the result goes to the test that spawned this run
console.log(JSON.stringify(result));

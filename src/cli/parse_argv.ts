/**
 * node:util's `parseArgs` in strict mode with positionals, for string and boolean options, with
 * its results and errors (as one short sentence): importing node:util starts Deno's Node layer,
 * about 6 ms of every run. tests/cli/parse_argv_test.ts compares it with node:util's.
 */

/** One option: its type, whether it repeats, its one-letter alias. */
export type OptionDef = { type: "string" | "boolean"; multiple?: boolean; short?: string };

/** Options given, by long name (lists for `multiple`), and the positionals. */
export interface ParsedArgv {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/** Thrown for an unknown option, a missing or unwanted value, or an ambiguous one. */
export class ArgvError extends Error {}

interface Token {
  name: string;
  rawName: string;
  value: string | undefined;
  inlineValue: boolean | undefined;
}

/**
 * Parses `args` against `options` as `parseArgs({ args, options, strict: true,
 * allowPositionals: true })` does; throws `ArgvError` with the first sentence of its error.
 *
 * @example
 * ```ts
 * parseArgv(["--format", "json", "blocks"], { format: { type: "string" } });
 * // { values: { format: "json" }, positionals: ["blocks"] }
 * ```
 */
export function parseArgv(args: readonly string[], options: Record<string, OptionDef>): ParsedArgv {
  const own = (name: string) => Object.hasOwn(options, name) ? options[name]! : undefined;
  const longFor = (short: string) => {
    for (const [name, option] of Object.entries(options)) if (option.short === short) return name;
    return short;
  };
  const tokens: (Token | { positional: string })[] = [];
  const remaining = [...args];
  while (remaining.length > 0) {
    const arg = remaining.shift()!;
    const next = remaining[0];
    if (arg === "--") {
      for (const rest of remaining.splice(0)) tokens.push({ positional: rest });
      break;
    }
    if (arg.length === 2 && arg[0] === "-" && arg[1] !== "-") {
      const name = longFor(arg[1]!);
      let value: string | undefined;
      let inlineValue: boolean | undefined;
      if (own(name)?.type === "string" && next !== undefined) {
        value = remaining.shift();
        inlineValue = false;
      }
      tokens.push({ name, rawName: arg, value, inlineValue });
      continue;
    }
    if (arg.length > 2 && arg[0] === "-" && arg[1] !== "-") {
      if (own(longFor(arg[1]!))?.type !== "string") {
        // A group of short options ("-hV"): each in turn; one taking a value takes the rest.
        const expanded: string[] = [];
        for (let index = 1; index < arg.length; index++) {
          const short = arg[index]!;
          if (own(longFor(short))?.type !== "string" || index === arg.length - 1) {
            expanded.push(`-${short}`);
          } else {
            expanded.push(`-${short}`, arg.slice(index + 1));
            break;
          }
        }
        remaining.unshift(...expanded);
        continue;
      }
      // A short option with its value attached ("-fjson").
      tokens.push({
        name: longFor(arg[1]!),
        rawName: arg.slice(0, 2),
        value: arg.slice(2),
        inlineValue: true,
      });
      continue;
    }
    if (arg.startsWith("--") && arg.length > 2) {
      // As Node: an "=" right after the dashes is part of the name ("--=x" is option "=x").
      const equals = arg.includes("=", 3) ? arg.indexOf("=") : -1;
      if (equals === -1) {
        const name = arg.slice(2);
        let value: string | undefined;
        let inlineValue: boolean | undefined;
        if (own(name)?.type === "string" && next !== undefined) {
          value = remaining.shift();
          inlineValue = false;
        }
        tokens.push({ name, rawName: arg, value, inlineValue });
      } else {
        const name = arg.slice(2, equals);
        tokens.push({
          name,
          rawName: `--${name}`,
          value: arg.slice(equals + 1),
          inlineValue: true,
        });
      }
      continue;
    }
    tokens.push({ positional: arg });
  }
  const values: ParsedArgv["values"] = Object.create(null);
  const positionals: string[] = [];
  for (const token of tokens) {
    if ("positional" in token) {
      positionals.push(token.positional);
      continue;
    }
    const option = own(token.name);
    if (option === undefined) throw new ArgvError(`Unknown option ${token.rawName}`);
    const shortAndLong = `${option.short ? `-${option.short}, ` : ""}--${token.name}`;
    if (option.type === "string" && typeof token.value !== "string") {
      throw new ArgvError(`Option ${shortAndLong.split(",").pop()!.trim()} needs a value`);
    }
    if (option.type === "boolean" && token.value !== undefined) {
      throw new ArgvError(`Option ${shortAndLong.split(",").pop()!.trim()} takes no value`);
    }
    if (!token.inlineValue && token.value !== undefined && looksLikeOption(token.value)) {
      throw new ArgvError(`Option '${token.rawName}' argument is ambiguous`);
    }
    const value = token.value ?? true;
    if (option.multiple) {
      const list = values[token.name];
      if (Array.isArray(list)) list.push(value);
      else values[token.name] = [value];
    } else {
      values[token.name] = value;
    }
  }
  return { values: { ...values }, positionals };
}

function looksLikeOption(value: string): boolean {
  return value.length > 1 && value[0] === "-";
}

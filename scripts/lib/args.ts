// One declarative argument parser for every CLI. A command is a table of options; adding an option
// is one line. Every mistake (an unknown option, a missing value, a malformed number, two options
// that exclude each other) becomes a UsageError with one line saying what is wrong; runCli prints
// that line and exits with status 2, never a stack trace.

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

interface Base {
  /** One line for --help. */
  help: string;
  /** Other options this one cannot be given with. */
  conflicts?: readonly string[];
  /** The command cannot run without it. */
  required?: boolean;
}
export type OptionSpec = Base & (
  | { type: 'string'; default?: string; /** The value names a file or folder (so it may not be empty). */ path?: boolean }
  | { type: 'boolean' }
  | { type: 'number'; default?: number; min: number; max: number; integer?: boolean }
  | { type: 'numbers'; default?: number[]; min: number; max: number; maxCount: number; /** Ascending and without repeats. */ distinct?: boolean }
  | { type: 'lonlat' }
  | { type: 'choice'; default?: string; choices: readonly string[] }
);
export type OptionTable = Record<string, OptionSpec>;

type ValueOf<S extends OptionSpec> =
  S extends { type: 'boolean' } ? boolean
    : S extends { type: 'number' } ? (S extends { default: number } ? number : number | undefined)
      : S extends { type: 'numbers' } ? (S extends { default: number[] } ? number[] : number[] | undefined)
        : S extends { type: 'lonlat' } ? [number, number] | undefined
          : S extends { default: string } ? string : string | undefined;
export type Values<T extends OptionTable> = { -readonly [K in keyof T]: ValueOf<T[K]> };

export interface CommandSpec<T extends OptionTable> {
  /** The command's name, first on every message line. */
  name: string;
  /** One line on what it does, for --help. */
  summary: string;
  options: T;
  /** Groups of options of which exactly one must be given. */
  exactlyOne?: ReadonlyArray<readonly (keyof T & string)[]>;
}

/** Plain decimal numbers only: "0x10", "Infinity", "1_000" and "" are typos here, not numbers. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function toNumber(option: string, text: string): number {
  const t = text.trim();
  if (!NUMBER.test(t)) throw new UsageError(`--${option} takes a number, not "${text}"`);
  const n = Number(t);
  if (!Number.isFinite(n)) throw new UsageError(`--${option}: ${text} is out of range`);
  return n;
}

function inRange(option: string, n: number, spec: { min: number; max: number; integer?: boolean }, text: string): number {
  if (spec.integer && !Number.isInteger(n)) throw new UsageError(`--${option} takes a whole number, not "${text}"`);
  if (n < spec.min || n > spec.max) throw new UsageError(`--${option} must be between ${spec.min} and ${spec.max} (got ${text})`);
  return n;
}

function convert(option: string, spec: OptionSpec, text: string): unknown {
  switch (spec.type) {
    case 'string':
      if (text.trim() === '') throw new UsageError(`--${option} needs ${spec.path ? 'a file or folder name' : 'a value'}, not an empty string`);
      return text;
    case 'boolean':
      return true;
    case 'number':
      return inRange(option, toNumber(option, text), spec, text);
    case 'numbers': {
      const parts = text.split(',');
      if (parts.length > spec.maxCount) throw new UsageError(`--${option} takes at most ${spec.maxCount} values (got ${parts.length})`);
      const list = parts.map((p) => {
        if (p.trim() === '') throw new UsageError(`--${option} has an empty value in "${text}"`);
        return inRange(option, toNumber(option, p), spec, p.trim());
      });
      if (spec.distinct) {
        list.sort((a, b) => a - b);
        for (let k = 1; k < list.length; k++) {
          if (list[k] === list[k - 1]) throw new UsageError(`--${option} lists ${list[k]} twice`);
        }
      }
      return list;
    }
    case 'lonlat': {
      const parts = text.split(',');
      if (parts.length !== 2) throw new UsageError(`--${option} takes lon,lat: longitude,latitude in WGS84 degrees (got "${text}")`);
      const [lon, lat] = parts.map((p) => toNumber(option, p));
      if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
        throw new UsageError(`--${option} ${text} is not a WGS84 longitude,latitude (longitude −180…180, latitude −90…90)`);
      }
      return [lon, lat];
    }
    case 'choice':
      if (!spec.choices.includes(text)) {
        throw new UsageError(`unknown ${option} "${text}" for --${option}; one of ${spec.choices.join(', ')}`);
      }
      return text;
  }
}

/** The usage text generated from the table. */
export function usage<T extends OptionTable>(cmd: CommandSpec<T>): string {
  const lines = [`${cmd.name}: ${cmd.summary}`, '', 'Options:'];
  for (const [name, spec] of Object.entries(cmd.options)) {
    const arg = spec.type === 'boolean' ? '' : spec.type === 'lonlat' ? ' <lon,lat>' : spec.type === 'numbers' ? ' <n,n,…>'
      : spec.type === 'number' ? ' <n>' : spec.type === 'choice' ? ` <${spec.choices.join('|')}>` : ' <value>';
    const def = 'default' in spec && spec.default !== undefined ? ` (default ${String(spec.default)})` : '';
    lines.push(`  --${name}${arg}  ${spec.help}${def}${spec.required ? ' (required)' : ''}`);
  }
  for (const group of cmd.exactlyOne ?? []) lines.push(`Give exactly one of ${group.map((g) => `--${g}`).join(', ')}.`);
  return lines.join('\n');
}

/**
 * Parses argv against the table: `--name value` or `--name=value`. A value may start with "-" (so
 * `--minutes -5` is read, then refused as negative); a token starting with "--" is never taken as a
 * value. Throws UsageError; returns null when --help was asked for.
 */
export function parseCli<T extends OptionTable>(cmd: CommandSpec<T>, argv: string[]): Values<T> | null {
  const { options } = cmd;
  const given = new Map<string, unknown>();
  for (let k = 0; k < argv.length; k++) {
    const token = argv[k];
    if (token === '--help' || token === '-h') return null;
    if (!token.startsWith('--') || token === '--') {
      throw new UsageError(`unexpected argument "${token}": every value follows its option (see --help)`);
    }
    const eq = token.indexOf('=');
    const name = token.slice(2, eq < 0 ? undefined : eq);
    const spec = Object.hasOwn(options, name) ? options[name] : undefined;
    if (!spec) {
      const near = Object.keys(options).find((o) => o.startsWith(name) || name.startsWith(o));
      throw new UsageError(`unknown option --${name}${near ? ` (did you mean --${near}?)` : ''}; see --help`);
    }
    if (given.has(name)) throw new UsageError(`--${name} is given twice`);
    let text: string;
    if (spec.type === 'boolean') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      text = '';
    } else if (eq >= 0) {
      text = token.slice(eq + 1);
    } else {
      const next = argv[k + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      text = next;
      k++;
    }
    given.set(name, convert(name, spec, text));
  }
  for (const [name, spec] of Object.entries(options)) {
    if (spec.required && !given.has(name)) throw new UsageError(`--${name} is required: ${spec.help}`);
    for (const other of spec.conflicts ?? []) {
      if (given.has(name) && given.has(other)) throw new UsageError(`--${name} and --${other} cannot be used together`);
    }
  }
  for (const group of cmd.exactlyOne ?? []) {
    const present = group.filter((g) => given.has(g));
    if (present.length > 1) throw new UsageError(`${present.map((p) => `--${p}`).join(' and ')} cannot be used together: give one of them`);
    if (present.length === 0) throw new UsageError(`give one of ${group.map((g) => `--${g}`).join(', ')}`);
  }
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(options)) {
    out[name] = given.has(name) ? given.get(name) : spec.type === 'boolean' ? false : 'default' in spec ? spec.default : undefined;
  }
  return out as Values<T>;
}

/**
 * Runs a command: parses its arguments, then `main`. Every failure ends as one line
 * "<name>: <what is wrong>" on stderr and exit status 2; --help prints the usage and exits 0.
 */
export async function runCli<T extends OptionTable>(cmd: CommandSpec<T>, main: (values: Values<T>) => void | Promise<void>,
  argv: string[] = process.argv.slice(2)): Promise<void> {
  try {
    const values = parseCli(cmd, argv);
    if (values === null) {
      console.log(usage(cmd));
      return;
    }
    await main(values);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // One line: a multi-line message (a parser's excerpt) is joined, so scripts can read it.
    process.stderr.write(`${cmd.name}: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
    process.exitCode = 2;
  }
}

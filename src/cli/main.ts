import { TraceError } from '../core/trace/trace-error.ts';
import { UsageError } from './args.ts';
import { Output } from './output.ts';
import { RECORD_USAGE, recordCommand } from './record-command.ts';
import { REPLAY_USAGE, replayCommand } from './replay-command.ts';

const USAGE = `usage: lululucator <command> ...
commands:
  replay FILE ...   replay a trace on an allocator strategy
  record -o FILE -- COMMAND ...   record a program's allocations with valgrind or ltrace
${REPLAY_USAGE}
${RECORD_USAGE}`;

/** Runs the command line; the exit code. Bad input: `FILE:LINE: reason` on stderr, exit 2, nothing on stdout. */
export async function main(argv: string[]): Promise<number> {
  const stdout = new Output(1);
  const stderr = new Output(2);
  try {
    const [command, ...rest] = argv;
    let code: number;
    switch (command) {
      case 'replay':
        code = await replayCommand(rest, stdout, stderr);
        break;
      case 'record':
        code = await recordCommand(rest, stdout, stderr);
        break;
      case undefined:
      case '-h':
      case '--help':
        stdout.line(USAGE);
        code = command === undefined ? 2 : 0;
        break;
      default:
        throw new UsageError(`unknown command "${command}"\n${USAGE}`);
    }
    stdout.flush();
    stderr.flush();
    return code;
  } catch (e) {
    if (e instanceof TraceError) {
      stderr.line(e.message);
    } else if (e instanceof UsageError || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))) {
      stderr.line(`lululucator: ${e.message}`);
    } else {
      throw e;
    }
    stderr.flush();
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`lululucator: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);

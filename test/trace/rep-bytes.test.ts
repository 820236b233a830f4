import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTraceText } from '../../src/core/trace/read-trace.ts';
import { RepParser } from '../../src/core/trace/rep.ts';
import type { Trace } from '../../src/core/trace/trace.ts';

/** The trace, or the error's message, as one thing to compare. */
function outcome(read: () => Trace): { ops: number[][]; idCount: number; heap: number | null } | string {
  try {
    const trace = read();
    const ops = Array.from({ length: trace.ops.length }, (_, i) => [trace.ops.kind[i], trace.ops.id[i], trace.ops.size[i], trace.ops.line[i]]);
    return { ops, idCount: trace.idCount, heap: trace.suggestedHeap };
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Every line given to the parser as text, as a parser that reads no bytes would get them. */
function asText(content: string): Trace {
  const parser = new RepParser('t.rep');
  const lines = content.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((line, i) => parser.line(line.endsWith('\r') ? line.slice(0, -1) : line, i + 1));
  return parser.finish(lines.length);
}

const id = fc.integer({ min: 0, max: 7 });
/** Op lines, well formed mostly, and now and then one that breaks a rule or is spelled oddly. */
const opLine = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom('a', 'r'), id, fc.integer({ min: 0, max: 5000 })).map(([op, i, size]) => `${op} ${i} ${size}`) },
  { weight: 4, arbitrary: id.map((i) => `f ${i}`) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'a 1 +8', 'a 1 -0', 'a 1 -8', 'a 01 008', ' a\t2 16 ', 'a  3\t\t24', 'f 1 2', 'a 1', 'f', 'x 1 2', 'a 1 2 3', 'a 1 2x', 'a 99 8',
      'a 1 1234567890123456', 'a 1 999999999999999', 'a 1234567890123456 8', 'f 1\r', 'a 2 8\r', '', '   ', 'A 1 8', 'a1 8', 'a 1 8 #',
    ),
  },
);
const repFile = fc.tuple(fc.constantFrom('0\n8\n', '20000\n8\n', '1\n8\n'), fc.array(opLine, { maxLength: 40 }), fc.boolean()).map(([head, ops, finalNewline]) => {
  // The header's op count matches most files, not all.
  const count = ops.length + (ops.length % 7 === 3 ? 1 : 0);
  return `${head}${count}\n${head.startsWith('1\n') ? '999999' : '1'}\n${ops.join('\n')}${finalNewline ? '\n' : ''}`;
});

describe('a .rep trace read from its bytes', () => {
  it('gives the same operations, or the same error at the same line, as when every line is read as text', () => {
    fc.assert(
      fc.property(repFile, (content) => {
        expect(outcome(() => readTraceText(content, 't.rep'))).toEqual(outcome(() => asText(content)));
      }),
      { numRuns: 500 },
    );
  });
});

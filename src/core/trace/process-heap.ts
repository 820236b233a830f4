import { AddressMap } from './address-map.ts';
import { hex } from './call-numbers.ts';
import { FreedLog } from './freed-log.ts';
import { OpCode, OpList } from './op-list.ts';
import { TraceError } from './trace-error.ts';
import { times, WarningTally } from './warning-tally.ts';

/** The size a zero-byte request is replayed with: the engine refuses 0, a program gets a unique pointer. */
export const ZERO_SIZE_REPLAYED_AS = 1;

/**
 * One process's heap as a real-program trace shows it, turned into the
 * explorer's operations over ids. Each allocation takes a fresh id (dense,
 * 0..idCount-1, in order of allocation); realloc keeps its block's id.
 *
 * Invariant: `live` maps each address the program holds, and only those,
 * to its id; `freed` logs every address given back, with its line; `sizes`
 * holds each id's requested size. Every op pushed names an id whose life
 * is consistent (alloc of a fresh id, free or realloc of a live one), so
 * replay never meets a bad request. Bad input (a double free) throws a
 * TraceError; what a real program may legally do but the replay leaves out
 * is counted in `warnings`. Cost: O(1) expected per call (one lookup in a
 * table the size of the live set); memory O(ops).
 */
export class ProcessHeap {
  ops = new OpList(256);
  idCount = 0;
  /** Calls seen (free(NULL) excepted), since the process's last exec. */
  calls = 0;
  /** What valgrind's "total heap usage" line counts: successful allocations, frees asked (valid or not), bytes allocated. */
  allocCount = 0;
  freeCount = 0;
  bytesAllocated = 0;
  command: string | null = null;
  readonly warnings = new WarningTally();
  private readonly live = new AddressMap();
  private readonly freed = new FreedLog();
  /** Requested size of each id (0 kept as 0). */
  private sizes = new Float64Array(256);

  constructor(
    readonly pid: number,
    private readonly file: string,
  ) {}

  /** malloc(size) = result (calloc's n * m, memalign's size...). result 0: the call failed. O(1). */
  malloc(size: number, result: number, line: number): void {
    this.calls++;
    if (result === 0) {
      this.warnings.note('null-result', line, renderNullResult, String(size));
      return;
    }
    this.allocCount++;
    this.bytesAllocated += size;
    this.allocateAt(result, size, line);
  }

  /** memalign(al, size) = result, aligned new: a malloc whose alignment the replay cannot keep. O(1). */
  aligned(size: number, result: number, line: number): void {
    if (result !== 0) this.warnings.note('aligned', line, renderAligned);
    this.malloc(size, result, line);
  }

  /** free(addr). free(NULL) is a no-op, not counted. O(1). */
  free(addr: number, line: number): void {
    if (addr === 0) return;
    this.calls++;
    this.freeCount++;
    this.release(addr, line);
  }

  /** realloc(old, size) = result, with C's rules: realloc(NULL, n) is malloc; realloc(p, 0) returning NULL frees p. O(1). */
  realloc(old: number, size: number, result: number, line: number): void {
    if (old === 0) {
      this.malloc(size, result, line);
      return;
    }
    this.calls++;
    // valgrind counts a realloc as one free and one allocation, whatever becomes of it.
    this.freeCount++;
    if (size > 0 || result !== 0) {
      this.allocCount++;
      this.bytesAllocated += size;
    }
    const live = this.live;
    const at = live.find(old);
    if (!live.has(at, old)) {
      const freedAt = this.freed.lastFree(old);
      if (freedAt > 0) throw new TraceError(this.file, line, `realloc of ${hex(old)}, which was freed at line ${freedAt} and not allocated since`);
      if (result === 0) {
        if (size === 0) this.warnings.note('unknown-free', line, renderUnknownFree, hex(old));
        else this.warnings.note('invalid-realloc', line, renderInvalidRealloc, hex(old));
      } else {
        this.warnings.note('unknown-realloc', line, renderUnknownRealloc, hex(old));
        this.allocateAt(result, size, line);
      }
      return;
    }
    if (result === 0) {
      if (size === 0) this.release(old, line);
      else this.warnings.note('failed-realloc', line, renderFailedRealloc, `${hex(old)}, ${size}`);
      return;
    }
    const id = live.id(at);
    this.sizes[id] = size;
    if (result !== old) {
      live.remove(at);
      this.freed.note(old, line);
      let to = live.find(result);
      if (live.has(to, result)) {
        this.forgetLiveAt(to, result, line);
        to = live.find(result);
      }
      live.put(to, result, id);
    }
    this.ops.push(OpCode.Realloc, id, this.replaySize(size, line), line);
  }

  /** Bytes (as requested, 0 counting 0) and blocks the program holds now. O(live blocks). */
  liveTotals(): { bytes: number; blocks: number } {
    let bytes = 0;
    const sizes = this.sizes;
    this.live.forEachId((id) => (bytes += sizes[id]));
    return { bytes, blocks: this.live.size };
  }

  /** A call that allocates but whose address the trace does not show (posix_memalign). O(1). */
  opaque(name: string, line: number): void {
    this.calls++;
    this.warnings.note('opaque', line, renderOpaque, name);
  }

  /** A call that never returned (the process died or exec'd inside it). O(1). */
  noReturn(name: string, line: number): void {
    this.warnings.note('no-return', line, renderNoReturn, name);
  }

  /** exec(): the process is a new program with a new heap; what came before is left out. O(live blocks). */
  restart(line: number, why: string): void {
    const before = this.calls;
    this.ops = new OpList(256);
    this.idCount = 0;
    this.calls = 0;
    this.allocCount = 0;
    this.freeCount = 0;
    this.bytesAllocated = 0;
    this.live.clear();
    this.freed.clear();
    this.warnings.clear();
    if (before > 0) this.warnings.note('restart', line, renderRestart, `${why}|${before}`);
  }

  private allocateAt(addr: number, size: number, line: number): void {
    const live = this.live;
    let at = live.find(addr);
    if (live.has(at, addr)) {
      this.forgetLiveAt(at, addr, line);
      at = live.find(addr);
    }
    const id = this.idCount++;
    live.put(at, addr, id);
    if (id === this.sizes.length) {
      const grown = new Float64Array(id * 2);
      grown.set(this.sizes);
      this.sizes = grown;
    }
    this.sizes[id] = size;
    this.ops.push(OpCode.Alloc, id, this.replaySize(size, line), line);
  }

  private release(addr: number, line: number): void {
    const live = this.live;
    const at = live.find(addr);
    if (!live.has(at, addr)) {
      const freedAt = this.freed.lastFree(addr);
      if (freedAt > 0) throw new TraceError(this.file, line, `double free: ${hex(addr)} was already freed at line ${freedAt} and not allocated since`);
      this.warnings.note('unknown-free', line, renderUnknownFree, hex(addr));
      return;
    }
    const id = live.id(at);
    live.remove(at);
    this.freed.note(addr, line);
    this.ops.push(OpCode.Free, id, 0, line);
  }

  /**
   * An allocation returned `addr` (found at `at`) while the trace still
   * holds a block there: the free of that block is missing (another thread
   * freed it, out of sight). The old block is freed first, with a warning.
   */
  private forgetLiveAt(at: number, addr: number, line: number): void {
    const live = this.live;
    if (!live.has(at, addr)) return;
    this.warnings.note('reused-live', line, renderReusedLive, hex(addr));
    this.ops.push(OpCode.Free, live.id(at), 0, line);
    live.remove(at);
    this.freed.note(addr, line);
  }

  private replaySize(size: number, line: number): number {
    if (size !== 0) return size;
    this.warnings.note('zero-size', line, renderZeroSize);
    return ZERO_SIZE_REPLAYED_AS;
  }
}

const renderNullResult = (n: number, size: string) =>
  `an allocation of ${size} bytes returned NULL in the program (it failed there): skipped${times(n, 'calls')}`;
const renderUnknownFree = (n: number, addr: string) =>
  `free of ${addr}, an address this trace never allocated (memory from before tracing began, a parent process's or another thread's, or an invalid free): skipped${times(n, 'frees')}`;
const renderUnknownRealloc = (n: number, addr: string) =>
  `realloc of ${addr}, an address this trace never allocated: replayed as a new allocation of the new size${times(n, 'reallocs')}`;
const renderInvalidRealloc = (n: number, addr: string) =>
  `realloc of ${addr}, an address this trace never allocated, returned NULL (an invalid realloc): skipped${times(n, 'reallocs')}`;
const renderFailedRealloc = (n: number, args: string) =>
  `realloc(${args}) returned NULL in the program (it failed there, the block stays): skipped${times(n, 'calls')}`;
const renderOpaque = (n: number, name: string) =>
  `${name} hands its address back through a pointer the trace does not show: skipped (the block's free will show as an unknown address)${times(n, 'calls')}`;
const renderNoReturn = (n: number, name: string) =>
  `${name} never returned (the process exited, crashed or called exec() inside it): skipped${times(n, 'calls')}`;
const renderRestart = (_n: number, detail: string) => {
  const [why, before] = detail.split('|');
  return `${why}: the process runs a new program with a new heap; its ${before} earlier calls are left out of the replay`;
};
const renderReusedLive = (n: number, addr: string) =>
  `an allocation returned ${addr}, which the trace still holds (its free is not in the trace: another thread's?): the old block is freed first${times(n, 'times')}`;
const renderAligned = (n: number) =>
  `aligned allocation (memalign, aligned_alloc, aligned new): replayed as a plain one, the strategy's own alignment${times(n, 'allocations')}`;
const renderZeroSize = (n: number) =>
  `zero-byte allocation (the program gets a unique pointer; the engine refuses size 0): replayed as ${ZERO_SIZE_REPLAYED_AS} byte${times(n, 'allocations')}`;

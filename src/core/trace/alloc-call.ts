/**
 * The allocation functions that real-program traces name, by what they do to
 * the heap. A name is classified once, from its bare form: ltrace's
 * `malloc@libc.so.6` and `libc.so.6->malloc` are both `malloc`. Cost: O(name).
 */

/** What a traced function does to the heap. */
export const CallKind = {
  /** malloc(size) = p, and C++ operator new in all its forms. */
  Malloc: 0,
  /** calloc(n, m) = p: n * m bytes. */
  Calloc: 1,
  /** realloc(p, size) = q. */
  Realloc: 2,
  /** memalign(al, size) = p, aligned new (size, al) = p: an allocation whose alignment the replay ignores. */
  Aligned: 3,
  /** free(p), cfree(p), C++ operator delete in all its forms. */
  Free: 4,
  /** Allocates, but the trace shows no address (posix_memalign hands it back through a pointer). */
  Opaque: 5,
  /** Reads the heap without changing it (malloc_usable_size, mallinfo): ignored. */
  Inert: 6,
  /** Anything else a user asked ltrace to show. */
  Other: 7,
} as const;
export type CallKind = (typeof CallKind)[keyof typeof CallKind];

const EXACT = new Map<string, CallKind>([
  ['malloc', CallKind.Malloc],
  ['valloc', CallKind.Malloc],
  ['pvalloc', CallKind.Malloc],
  ['__builtin_new', CallKind.Malloc],
  ['__builtin_vec_new', CallKind.Malloc],
  ['calloc', CallKind.Calloc],
  ['realloc', CallKind.Realloc],
  ['memalign', CallKind.Aligned],
  ['free', CallKind.Free],
  ['cfree', CallKind.Free],
  ['free_sized', CallKind.Free],
  ['free_aligned_sized', CallKind.Free],
  ['__builtin_delete', CallKind.Free],
  ['__builtin_vec_delete', CallKind.Free],
  ['posix_memalign', CallKind.Opaque],
  ['aligned_alloc', CallKind.Aligned],
  ['malloc_usable_size', CallKind.Inert],
  ['malloc_size', CallKind.Inert],
  ['mallinfo', CallKind.Inert],
  ['mallinfo2', CallKind.Inert],
  ['malloc_trim', CallKind.Inert],
  ['malloc_stats', CallKind.Inert],
]);

/** The kind of a bare function name (no `@lib`, no `lib->`). O(name). */
export function callKind(name: string): CallKind {
  const exact = EXACT.get(name);
  if (exact !== undefined) return exact;
  // Itanium C++ ABI: _Znwm / _Znam (new, new[]; j on 32-bit), _ZdlPv / _ZdaPv (delete, delete[]), any overload suffix.
  if (name.startsWith('_Znw') || name.startsWith('_Zna')) return name.includes('align_val_t') ? CallKind.Aligned : CallKind.Malloc;
  if (name.startsWith('_ZdlPv') || name.startsWith('_ZdaPv')) return CallKind.Free;
  return CallKind.Other;
}

/** Whether a kind's call returns the address of new memory (a result is expected). */
export function returnsAddress(kind: CallKind): boolean {
  return kind === CallKind.Malloc || kind === CallKind.Calloc || kind === CallKind.Realloc || kind === CallKind.Aligned;
}

/**
 * Where the size is among an aligned allocation's arguments: the one labelled
 * `size` (valgrind prints `memalign(al 64, size 100)`), else by the
 * function's signature: memalign(al, size), C++ aligned new (size, al).
 */
export function alignedSizeIndex(name: string, labels: readonly (string | null)[]): number {
  const labelled = labels.indexOf('size');
  if (labelled >= 0) return labelled;
  return name.startsWith('_Zn') ? 0 : 1;
}

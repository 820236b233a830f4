/**
 * Why an operation failed. Errors are values: an operation that fails returns
 * one of these and has changed nothing in the heap, the registers or the table
 * of live blocks.
 */
export type OpError =
  /** The size is not a whole number of bytes from 1 to the heap size. */
  | { readonly code: 'bad-size'; readonly size: number; readonly why: 'zero' | 'negative' | 'not-integer' | 'larger-than-heap' }
  /** free or realloc of a block that is not live. */
  | { readonly code: 'not-live'; readonly id: number; readonly why: 'never-allocated' | 'already-freed' }
  /** alloc with an id that names a live block. */
  | { readonly code: 'id-in-use'; readonly id: number }
  /** No free block and no fresh memory is large enough. */
  | OutOfMemory;

export interface OutOfMemory {
  readonly code: 'out-of-memory';
  /** Bytes asked for. */
  readonly request: number;
  /** Bytes the block would span, metadata and rounding included. */
  readonly block: number;
  /** Free bytes the allocator could still hand out: free blocks plus never-used memory. */
  readonly totalFree: number;
  /** The largest single stretch the allocator could hand out. */
  readonly largestFree: number;
}

/** A one-line explanation of an error, for logs, alerts and the command line. */
export function describeError(error: OpError): string {
  switch (error.code) {
    case 'bad-size':
      switch (error.why) {
        case 'zero':
          return 'size 0: nothing to allocate';
        case 'negative':
          return `size ${error.size} is negative`;
        case 'not-integer':
          return `size ${error.size} is not a whole number of bytes`;
        case 'larger-than-heap':
          return `size ${error.size} is larger than the whole heap`;
      }
      break;
    case 'not-live':
      return error.why === 'already-freed'
        ? `block #${error.id} was already freed (double free)`
        : `block #${error.id} was never allocated`;
    case 'id-in-use':
      return `block #${error.id} is still live`;
    case 'out-of-memory': {
      const { request, block, totalFree, largestFree } = error;
      const need = block === request ? `${request} bytes` : `${request} bytes (a ${block}-byte block)`;
      if (totalFree < block) return `out of memory: ${need} asked, only ${totalFree} bytes free in all`;
      return `out of memory: ${need} asked, ${totalFree} bytes free in all but the largest hole is ${largestFree} bytes (fragmentation)`;
    }
  }
}

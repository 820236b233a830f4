import { announceReady, serveRestoreJob, type RestoreJobMessage } from './restore-thread.ts';

/**
 * The restore helper's entry: a nested module worker of the heap worker.
 * Its first message is the shared state word; every later one, a job.
 */

interface HelperScope {
  addEventListener(type: 'message', listener: (event: MessageEvent<Int32Array | RestoreJobMessage>) => void): void;
}

let control: Int32Array | null = null;
(globalThis as unknown as HelperScope).addEventListener('message', (event) => {
  const data = event.data;
  if (data instanceof Int32Array) {
    control = data;
    announceReady(control);
  }
  else if (control !== null) serveRestoreJob(control, data);
});

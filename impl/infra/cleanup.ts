/**
 * Child processes die with this process: on `exit`, and on SIGINT/SIGTERM (which skip `exit`
 * hooks by default), every registered process is SIGKILLed. Node workers also exit when their
 * stdin closes, which covers this process being SIGKILLed.
 */

/** Something to kill synchronously. */
export interface Killable {
  killNow(): void;
}

const live = new Set<Killable>();
let installed = false;

/** Registers a process; returns the function that unregisters it. */
export function killOnExit(process_: Killable): () => void {
  install();
  live.add(process_);
  return () => live.delete(process_);
}

function killAll(): void {
  for (const p of live) p.killNow();
  live.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  process.once('exit', killAll);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(code);
    });
  }
}

/**
 * A progress bar on stderr, so stdout stays for the summary. On a terminal
 * it redraws one line (at most ten times a second); elsewhere (CI, a pipe)
 * it prints a line at every tenth of the way, so logs stay short.
 *
 *   const bar = progressBar('Profiles', 12_000);  bar.tick(1, 'note');  bar.done();
 */
export interface Progress {
  tick(n?: number, note?: string): void;
  /** Starts the next phase on a fresh bar. */
  phase(label: string, total: number): void;
  done(): void;
}

const WIDTH = 30;

export function progressBar(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = stream.isTTY === true;
  let state = { label, total, count: 0, note: '', lastDraw: 0, lastTenth: -1, printed: -1, started: Date.now() };
  const line = () => {
    const share = state.total > 0 ? Math.min(1, state.count / state.total) : 1;
    const filled = Math.round(share * WIDTH);
    const seconds = ((Date.now() - state.started) / 1000).toFixed(1);
    return `${state.label.padEnd(10)} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(Math.round(share * 100)).padStart(3)}% ${state.count}/${state.total} ${seconds}s${state.note ? ` ${state.note}` : ''}`;
  };
  const draw = (force = false) => {
    if (tty) {
      const now = Date.now();
      if (!force && now - state.lastDraw < 100) return;
      state.lastDraw = now;
      stream.write(`\r${line()}\u001b[K`);
    } else {
      const tenth = state.total > 0 ? Math.floor((state.count / state.total) * 10) : 10;
      if ((!force && tenth === state.lastTenth) || state.printed === state.count) return;
      state.lastTenth = tenth;
      state.printed = state.count;
      stream.write(`${line()}\n`);
    }
  };
  const finish = () => {
    draw(true);
    if (tty) stream.write('\n');
  };
  return {
    tick(n = 1, note) {
      state.count += n;
      if (note !== undefined) state.note = note;
      draw();
    },
    phase(next, nextTotal) {
      finish();
      state = { label: next, total: nextTotal, count: 0, note: '', lastDraw: 0, lastTenth: -1, printed: -1, started: Date.now() };
    },
    done: finish,
  };
}

/** For tests and quiet runs. */
export const noProgress: Progress = { tick() {}, phase() {}, done() {} };

/** One step of work in a named phase, as a round reports it (shared/app/rounds.ts RoundProgress). */
export interface PhaseUpdate {
  phase: string;
  done: number;
  /** 0 while unknown. */
  total: number;
  note?: string;
}

/**
 * Progress through phases on stderr: a phase whose size is known up front
 * (writing proposals) gets a bar; the others get a line each time they say
 * something (what was read, each solve and check), with the seconds spent in
 * the phase so far.
 */
export function phaseProgress(stream: NodeJS.WriteStream = process.stderr) {
  let phase: string | undefined;
  let bar: Progress | undefined;
  let started = 0;
  let counted = 0;
  return {
    update(p: PhaseUpdate) {
      if (p.phase !== phase) {
        bar?.done();
        bar = undefined;
        phase = p.phase;
        started = Date.now();
        counted = 0;
      }
      if (!bar && p.total > 0 && p.done < p.total) bar = progressBar(p.phase, p.total, stream);
      if (bar) {
        bar.tick(p.done - counted, p.note);
        counted = p.done;
      } else if (p.note) {
        stream.write(`${p.phase.padEnd(10)} ${p.note} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
      }
    },
    done() {
      bar?.done();
      bar = undefined;
    },
  };
}

/**
 * The screen worker's program: plain JavaScript evaluated from a string (no separate bundle
 * entry to ship), resolving @xterm/headless from the paths the main process resolves its own
 * modules from. `planCompaction` travels in as its own source text.
 *
 * Per screen, operations are applied strictly in order. Output is not parsed the moment it
 * arrives: it is gathered for up to `delayMs` (or until `windowBytes` are waiting, or a resize,
 * snapshot or close is queued behind it) and parsed as one burst, so that in a flood the stretch
 * of lines that the rest of the burst pushes out of the scrollback anyway is skipped (see
 * shared/terminal-compaction.ts). A burst cut off by the window size (the flood goes on) keeps
 * the lines after its last skipped stretch for the next burst, where they are usually skipped
 * as well; so a long flood is parsed once, at its end. Viewers never wait for any of this: they
 * get output from the main thread (viewer-batch.ts).
 *
 * Compaction needs two facts at the start of a burst that xterm keeps private: the parser is in
 * ground state and the scroll region is the whole screen. If those fields are ever missing (a
 * new xterm), nothing is skipped and every byte is parsed as before.
 */
import { planCompaction } from '../../shared/terminal-compaction';

/** Output gathered before it is parsed as one burst, at most. */
export const SCREEN_WINDOW_BYTES = 8 * 1024 * 1024;
/** How long output may wait to be parsed (a snapshot or resize never waits). */
export const SCREEN_DELAY_MS = 200;

export const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const load = (name) => require(require.resolve(name, { paths: workerData.paths }));
const { Terminal } = load('@xterm/headless');
const { SerializeAddon } = load('@xterm/addon-serialize');
const { Unicode11Addon } = load('@xterm/addon-unicode11');
// Transpilers that keep function names (esbuild's keepNames, used by tsx) wrap inner functions
// in a __name() helper that lives outside the function's own text.
const __name = (f) => f;
const planCompaction = (${planCompaction.toString()});
let compaction = true;
const WINDOW = workerData.windowBytes;
const DELAY = workerData.delayMs;
const PIECE = 256 * 1024;
const MIN_BURST = 256 * 1024;
const screens = new Map();
const parsed = new Map();
let reporting = false;
const report = () => {
  reporting = false;
  for (const [k, n] of parsed) parentPort.postMessage({ t: 'p', k, n });
  parsed.clear();
};
const count = (k, n) => {
  parsed.set(k, (parsed.get(k) || 0) + n);
  if (!reporting) { reporting = true; setImmediate(report); }
};
// Ground state and a full-screen scroll region, read from xterm's internals; false if unknown.
const compactable = (s) => {
  try {
    const core = s.term._core;
    const buf = core._bufferService.buffer;
    return core._inputHandler._parser.currentState === 0 && buf.scrollTop === 0 &&
      buf.scrollBottom === s.term.rows - 1;
  } catch { return false; }
};
// hold: the burst was cut off by the window size, so more output is surely coming: the part
// after the last skipped stretch waits for the next burst (which will likely skip it too).
const writeBurst = (s, hold) => {
  const parts = [];
  let total = 0;
  let strings = 0;
  while (s.ops.length && s.ops[0].t === 'w') {
    const d = s.ops.shift().d;
    parts.push(d);
    total += d.length;
    if (typeof d === 'string') strings++;
  }
  s.queued -= total;
  const pieces = [];
  if (strings !== 0 && strings !== parts.length) {
    pieces.push(...parts);
  } else {
    const data = strings ? parts.join('') : (parts.length === 1 ? parts[0] : Buffer.concat(parts, total));
    let cuts = [];
    if (compaction && total >= MIN_BURST && compactable(s)) {
      try {
        cuts = planCompaction(data, s.sb + 2 * s.term.rows + 1, s.lastC2);
      } catch (e) {
        // Never worth losing the screen over: parse everything from now on, and say so once.
        compaction = false;
        cuts = [];
        parentPort.postMessage({ t: 'warn', m: 'screen compaction disabled: ' + (e && e.stack || e) });
      }
    }
    let at = 0;
    const slice = (a, b) => strings ? data.slice(a, b) : data.subarray(a, b);
    for (const c of cuts) {
      if (c.from > at) pieces.push(slice(at, c.from));
      pieces.push(c.replacement);
      s.skipped += c.to - c.from;
      at = c.to;
    }
    if (hold && cuts.length && at < total) {
      const tail = slice(at, total);
      s.ops.unshift({ t: 'w', d: tail, k: s.k });
      s.queued += tail.length;
      total = at;
      // The last write ends with the replacement (a carriage return and SGRs): no split character.
      s.lastC2 = false;
    } else {
      if (at < total) pieces.push(slice(at, total));
      if (!strings && total) s.lastC2 = data[total - 1] === 0xc2;
    }
  }
  s.busy = true;
  const nonEmpty = pieces.filter((p) => p.length > 0);
  const last = nonEmpty.length - 1;
  nonEmpty.forEach((p, i) => {
    for (let a = 0; a < p.length; a += PIECE) {
      const chunk = p.length <= PIECE ? p : (typeof p === 'string' ? p.slice(a, a + PIECE) : p.subarray(a, a + PIECE));
      if (i === last && a + PIECE >= p.length) s.term.write(chunk, () => done(s, total));
      else s.term.write(chunk);
    }
  });
  if (last < 0) done(s, total);
};
const done = (s, total) => {
  s.busy = false;
  if (s.closed) return;
  count(s.k, total);
  schedule(s);
};
const schedule = (s) => {
  if (s.busy || s.closed) return;
  while (s.ops.length) {
    const op = s.ops[0];
    if (op.t === 'w') {
      const full = s.queued >= WINDOW;
      if (s.others === 0 && !full && !s.due) {
        if (!s.timer) s.timer = setTimeout(() => { s.timer = null; s.due = true; schedule(s); }, DELAY);
        return;
      }
      const hold = full && s.others === 0 && !s.due;
      s.due = false;
      if (s.timer) { clearTimeout(s.timer); s.timer = null; }
      writeBurst(s, hold);
      return;
    }
    s.ops.shift();
    s.others--;
    if (op.t === 'r') s.term.resize(op.c, op.r);
    else if (op.t === 's') {
      report();
      parentPort.postMessage({ t: 's', k: s.k, id: op.id, s: s.ser.serialize(), c: s.term.cols, r: s.term.rows, sk: s.skipped });
    } else if (op.t === 'x') {
      s.closed = true;
      if (s.timer) clearTimeout(s.timer);
      s.term.dispose();
      screens.delete(s.k);
      parsed.delete(s.k);
      return;
    }
  }
};
parentPort.on('message', (m) => {
  if (m.t === 'o') {
    const term = new Terminal({ cols: m.c, rows: m.r, scrollback: m.sb, allowProposedApi: true });
    const ser = new SerializeAddon();
    term.loadAddon(ser);
    term.loadAddon(new Unicode11Addon());
    term.unicode.activeVersion = '11';
    screens.set(m.k, {
      k: m.k, term, ser, sb: m.sb, ops: [], queued: 0, others: 0, busy: false, due: false,
      timer: null, closed: false, lastC2: false, skipped: 0,
    });
    return;
  }
  const s = screens.get(m.k);
  if (!s) return;
  s.ops.push(m);
  if (m.t === 'w') s.queued += m.d.length;
  else s.others++;
  schedule(s);
});
parentPort.postMessage({ t: 'ready' });
`;

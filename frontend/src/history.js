// The undo/redo stack of view actions. An action that changed the view
// pushes a command {label, undo, redo} holding its inverse; undo() runs the
// inverse and moves it to the redo stack. While a command runs, nothing is
// recorded (its own effects, e.g. a filter change, are not new actions).
export class History {
  constructor(bus, max = 200) {
    this.bus = bus;
    this.done = [];
    this.undone = [];
    this.max = max;
    this.running = false;
  }

  push(cmd) {
    if (this.running) return;
    this.done.push(cmd);
    if (this.done.length > this.max) this.done.shift();
    this.undone = [];
    this.emit();
  }

  async undo() { return this.step(this.done, this.undone, 'undo'); }
  async redo() { return this.step(this.undone, this.done, 'redo'); }

  async step(from, to, how) {
    const cmd = from.pop();
    if (!cmd) return null;
    this.running = true;
    try { await cmd[how](); } finally { this.running = false; }
    to.push(cmd);
    this.emit();
    return cmd.label;
  }

  clear() { this.done = []; this.undone = []; this.emit(); }

  emit() {
    const last = a => (a.length ? a[a.length - 1].label : '');
    this.bus.emit('history', { undo: last(this.done), redo: last(this.undone) });
  }
}

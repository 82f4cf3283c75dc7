// A small event bus: the controller emits, components listen.
export class Bus {
  constructor() { this.handlers = new Map(); }
  on(event, fn) {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event).add(fn);
    return () => this.handlers.get(event).delete(fn);
  }
  emit(event, ...args) {
    for (const fn of this.handlers.get(event) || []) this.call(event, fn, args);
  }
  // emitSpread: emit with each handler in a task of its own (a big view's
  // change: each panel's redraw is then a task, not one long one); resolves
  // when all have run.
  async emitSpread(event, ...args) {
    for (const fn of [...(this.handlers.get(event) || [])]) {
      await new Promise(r => setTimeout(r, 0));
      this.call(event, fn, args);
    }
  }
  call(event, fn, args) {
    try { fn(...args); } catch (err) { console.error(`bus handler for ${event}:`, err); }
  }
}

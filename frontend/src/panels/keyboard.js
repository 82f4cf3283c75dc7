// Keyboard shortcuts: / search, Esc clear, Del hide, e expand, f fit, ? help.
import { $ } from '../dom.js';

export function mount({ store, ctl, actions }) {
  const help = $('#help');
  $('#help-button').addEventListener('click', () => help.showModal());
  document.addEventListener('keydown', ev => {
    const t = ev.target;
    const typing = t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement;
    if (ev.key === 'Escape') {
      if (typing) { t.value = ''; t.blur(); }
      ctl.select(null);
      ctl.clearHighlight();
      store.set({ activeAnswer: -1 });
      return;
    }
    if (typing || ev.ctrlKey || ev.metaKey || ev.altKey || help.open) return;
    const n = ctl.selectedNode();
    switch (ev.key) {
      case '/': ev.preventDefault(); $('#search-input').focus(); break;
      case 'Delete': case 'Backspace': {
        const ids = ctl.selectedNodeIds();
        if (ids.length) { ev.preventDefault(); actions.hide(ids); }
        break;
      }
      case 'e': if (n) actions.expand(n.id(), { depth: store.get().expandDepth }); break;
      case 'f': ctl.fit(); break;
      case '?': help.showModal(); break;
      default: break;
    }
  });
}

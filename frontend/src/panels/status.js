// The status line under the chart: counts and the last layout's time.
import { $ } from '../dom.js';

export function mount({ bus, ctl }) {
  const show = () => {
    const s = ctl.stats();
    const l = ctl.lastLayout;
    $('#status').textContent = `${s.nodes} nodes, ${s.visible} shown, ${ctl.visibleElements().edges().length} relations shown` + (l ? ` · ${l.name} layout ${Math.round(l.ms)} ms` : '');
  };
  bus.on('graph', show);
  bus.on('layout', show);
}

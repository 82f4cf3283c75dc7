// "Group by": compound groups by kind, by unit hierarchy (PART_OF), or none
// (communities arrive with the analysis panel: ctl.groupBy(map)).
import { $ } from '../dom.js';

export function mount({ ctl }) {
  const select = $('#group-by');
  select.addEventListener('change', () => ctl.groupBy(select.value || null));
  $('#collapse-leaves').addEventListener('click', () => {
    const n = ctl.selectedNode();
    if (n) ctl.collapseAround(n.id());
  });
}

// The main search box (autocomplete): a picked hit is added to the view.
import { $ } from '../dom.js';
import { attachSearch } from '../search.js';

export function mount({ api, actions, messages }) {
  attachSearch({
    api, input: $('#search-input'), list: $('#search-list'), onError: messages.error,
    onPick: hit => {
      $('#search-input').value = '';
      $('#cy').focus(); // shortcuts go to the chart again, not into the box
      actions.addEntity(hit);
    },
  });
}

// The access token form: a bearer token kept in sessionStorage; using one
// reloads the page (what the view shows depends on the clearance).
import { $ } from '../dom.js';

export function mount({ api }) {
  $('#token').value = api.token;
  $('#token-form').addEventListener('submit', ev => {
    ev.preventDefault();
    api.token = $('#token').value.trim();
    if (api.token) sessionStorage.setItem('linkchart.token', api.token); else sessionStorage.removeItem('linkchart.token');
    window.location.reload();
  });
}

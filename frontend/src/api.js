// The API client: one fetch wrapper for /api/v1. Errors come back as
// ApiError carrying the RFC 9457 problem (title, detail, per-field errors).
// Requests in flight are reported on the bus ('busy' true/false) only after
// 150 ms, so quick answers never flash a progress bar.

export const BASE = '/api/v1';
const SLOW_MS = 150;

export class ApiError extends Error {
  constructor(status, problem) {
    const title = (problem && problem.title) || `HTTP ${status}`;
    super(title);
    this.status = status;
    this.title = title;
    this.detail = (problem && problem.detail) || '';
    this.fields = Array.isArray(problem && problem.errors) ? problem.errors : [];
  }
}

export class Api {
  constructor(bus, { token = '' } = {}) {
    this.bus = bus;
    this.token = token;
    this.inflight = 0;
    this.timer = null;
  }

  begin() {
    this.inflight++;
    if (this.inflight === 1) {
      this.timer = setTimeout(() => this.bus.emit('busy', true), SLOW_MS);
    }
  }

  end() {
    this.inflight--;
    if (this.inflight === 0) {
      clearTimeout(this.timer);
      this.bus.emit('busy', false);
    }
  }

  url(path, query) {
    const u = new URL(BASE + path, window.location.origin);
    for (const [k, v] of Object.entries(query || {})) {
      if (v === undefined || v === null || v === '') continue;
      u.searchParams.set(k, Array.isArray(v) ? v.join(',') : String(v));
    }
    return u.pathname + u.search;
  }

  // request returns the parsed JSON, or the Response itself when raw is true.
  // form (a FormData) is sent as multipart instead of a JSON body; headers
  // are added to the request's (If-Match).
  async request(method, path, { query, body, form, raw = false, signal, headers: extra } = {}) {
    const headers = { Accept: raw ? '*/*' : 'application/json', ...(extra || {}) };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    this.begin();
    try {
      let res;
      try {
        res = await fetch(this.url(path, query), {
          method, headers, signal,
          body: form !== undefined ? form : body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (err) {
        if (err.name === 'AbortError') throw err;
        throw new ApiError(0, { title: 'The server cannot be reached', detail: String(err.message || err) });
      }
      if (!res.ok) {
        let problem = null;
        const type = res.headers.get('Content-Type') || '';
        if (type.includes('json')) {
          try { problem = await res.json(); } catch { /* not JSON after all */ }
        } else {
          const text = await res.text().catch(() => '');
          problem = { title: `${res.status} ${res.statusText}`.trim(), detail: text.slice(0, 300) };
        }
        throw new ApiError(res.status, problem);
      }
      return raw ? res : await res.json();
    } finally {
      this.end();
    }
  }

  search(q, { limit = 10, kind, signal } = {}) {
    return this.request('GET', '/entities', { query: { q, limit, kind }, signal });
  }
  entity(id) { return this.request('GET', `/entities/${encodeURIComponent(id)}`); }
  neighborhood(id, query = {}) {
    return this.request('GET', `/entities/${encodeURIComponent(id)}/neighborhood`, { query });
  }
  paths(from, to, query = {}) { return this.request('GET', '/paths', { query: { from, to, ...query } }); }
  oversight(query) { return this.request('GET', '/oversight', { query }); }
  subgraph(ids) { return this.request('POST', '/subgraph', { body: { ids } }); }
  schema() { return this.request('GET', '/schema'); }
  overview(query = {}) { return this.request('GET', '/overview', { query }); }
  analysis(body) { return this.request('POST', '/analysis', { body }); }
  connect(body) { return this.request('POST', '/connect', { body }); }
  // saved charts (GET/POST /charts, GET/PUT/DELETE /charts/{id})
  charts() { return this.request('GET', '/charts'); }
  chart(id) { return this.request('GET', `/charts/${encodeURIComponent(id)}`); }
  saveChart(view, id = '') {
    return id ? this.request('PUT', `/charts/${encodeURIComponent(id)}`, { body: view }) : this.request('POST', '/charts', { body: view });
  }
  deleteChart(id) { return this.request('DELETE', `/charts/${encodeURIComponent(id)}`, { raw: true }); }
  exportView(format, body) {
    return this.request('POST', '/export', { query: { format }, body, raw: true });
  }
}

// Limits and domain rules come from the server (GET /api/v1/schema, fields
// "limits" and "rules"); these fallbacks (the server's own constants, graph/
// store.go and graph/model.go) serve a server that does not send them yet.
export const FALLBACK = {
  limits: {
    max_depth: 3, max_path_depth: 10, default_path_depth: 6, max_k: 10,
    max_limit: 5000, default_limit: 500, default_hits: 20,
  },
  rules: {
    default_credibility: 6,
    // edges that point from the part to the whole (the hierarchy reverses them)
    upward_types: ['PART_OF', 'MEMBER_OF', 'AFFILIATED_WITH', 'LOCATED_IN', 'BASED_IN'],
    oversight_types: ['COMMANDS', 'DIRECTS', 'LEADS', 'OVERSAW'],
    markings: ['TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:RED'],
  },
};

// configFrom merges a schema answer's limits and rules over the fallbacks.
export function configFrom(schema) {
  return {
    limits: { ...FALLBACK.limits, ...((schema && schema.limits) || {}) },
    rules: { ...FALLBACK.rules, ...((schema && schema.rules) || {}) },
  };
}

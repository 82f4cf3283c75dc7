// Relation types grouped for the filters (oversight, supply, membership,
// location, reporting/citation, other). One table; a type not in it falls
// into "other". CITATION_TYPES are the roles that tie an author or outlet to
// a source: entities with only these relations are drawn apart (style.js).
export const GROUPS = [
  { id: 'oversight', label: 'Oversight', types: ['OVERSAW', 'LEADS', 'DIRECTS', 'HOLDS_POST', 'FORMERLY_COMMANDED', 'COMMANDS', 'COMMANDED'] },
  { id: 'supply', label: 'Supply', types: ['SUPPLIED', 'SUPPLIED_TO', 'PRODUCED_BY', 'TRANSPORTED', 'SOLD_MUNITIONS_TO', 'SHIPPED_FROM', 'STOCKPILED_FOR', 'EQUIPPED', 'SEEKS_TECHNOLOGY_FROM', 'EXPECTS_ASSISTANCE_FROM', 'ASSISTED', 'OPERATES', 'USED_AGAINST'] },
  { id: 'membership', label: 'Membership', types: ['PART_OF', 'MEMBER_OF', 'SERVED_ALONGSIDE', 'DRAWN_FROM', 'TRAINED', 'TRAINED_ON', 'TRAINED_IN', 'EDUCATED_AT', 'ALIGNED_WITH'] },
  { id: 'location', label: 'Location', types: ['LOCATED_IN', 'BASED_IN', 'DEPLOYED_TO', 'EMBARKED_AT', 'ARRIVED_AT', 'VISITED', 'NEAR', 'BREACHED_AIRSPACE_OF', 'HELD'] },
  { id: 'reporting', label: 'Reporting / citation', types: ['REPORTED', 'AFFILIATED_WITH', 'AUTHORED', 'PUBLISHED', 'IDENTIFIED', 'ASSESSED', 'MONITORED', 'RESEARCHED', 'EVALUATED_IN', 'CONTRIBUTED_TO', 'CONCERNED', 'REACTION_TO'] },
  { id: 'other', label: 'Other', types: [] },
];

const BY_TYPE = new Map(GROUPS.flatMap(g => g.types.map(t => [t, g.id])));

// groupOf names the group of a relation type ("other" when unknown).
export function groupOf(type) { return BY_TYPE.get(type) || 'other'; }

export const CITATION_TYPES = new Set(['AFFILIATED_WITH', 'AUTHORED', 'PUBLISHED', 'WROTE', 'WORKS_FOR']);

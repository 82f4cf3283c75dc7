package memstore

// maybeCompactArena copies the live cold records into a fresh arena once
// more than half of it is dead (replaced or deleted edges). Answers already
// handed out keep the old arena alive until they are dropped.
func (s *Store) maybeCompactArena() {
	if nb := &s.nodeBytes; nb.dead >= 1<<20 && nb.dead >= nb.live {
		fresh := chunks{}
		for i := range s.nodes {
			if r := &s.nodes[i]; r.p != nil {
				*r = fresh.put(unsafeBytes(r.rec()))
			}
		}
		*nb = fresh
	}
	if s.arenaDead >= 1<<20 && s.arenaDead >= len(s.arena)/2 {
		s.compactArena()
	}
}

// compactArena copies the live cold records into a fresh arena.
func (s *Store) compactArena() {
	fresh := make([]byte, 0, len(s.arena)-s.arenaDead+1024)
	for e := range s.edges {
		r := &s.edges[e]
		if r.meta&edgeAlive == 0 {
			continue
		}
		c := s.readCold(uint32(e))
		off := len(fresh)
		fresh = append(fresh, s.arena[r.off:int(r.off)+c.size]...)
		r.off = uint32(off)
	}
	s.arena = fresh
	s.arenaDead = 0
}

package analysis

import (
	"math/rand/v2"
	"slices"
)

// Louvain is written here over flat arrays rather than taken from gonum's
// community.Modularize, whose map-held reduced graphs cost seconds on a
// 20,000-node view (README's benchmark section).

// wgraph is a weighted undirected graph: arcs both ways per link, loop[i]
// the weight of links inside node i (an aggregated community).
type wgraph struct {
	adj  [][]arc
	loop []float64
	deg  []float64 // arcs' weights plus twice the loop
	m2   float64   // sum of deg: twice the total weight
}

type arc struct {
	to int32
	w  float64
}

func (v *view) wgraph() *wgraph {
	g := &wgraph{adj: make([][]arc, v.n()), loop: make([]float64, v.n()), deg: make([]float64, v.n())}
	for i, ns := range v.adj {
		g.adj[i] = make([]arc, len(ns))
		for k, j := range ns {
			g.adj[i][k] = arc{to: j, w: 1}
		}
		g.deg[i] = float64(len(ns))
		g.m2 += g.deg[i]
	}
	return g
}

// louvain partitions g (resolution 1): each node's community, numbered from
// 0 in no particular order, and their count. Each level moves nodes, in an
// order shuffled by rng, to the neighbouring community that raises
// modularity most until no move helps, then folds communities into nodes;
// it ends when a level moves nothing.
func louvain(g *wgraph, rng *rand.Rand) ([]int, int) {
	n := len(g.adj)
	member := make([]int, n)
	for i := range member {
		member[i] = i
	}
	count := n
	for g.m2 > 0 {
		comm, k, moved := g.level(rng)
		if !moved {
			break
		}
		for i := range member {
			member[i] = comm[member[i]]
		}
		count = k
		g = g.fold(comm, k)
	}
	return member, count
}

// level runs the local moves of one level: the community of each node,
// renumbered 0..k-1, k, and whether any node moved.
func (g *wgraph) level(rng *rand.Rand) ([]int, int, bool) {
	n := len(g.adj)
	comm := make([]int, n)
	tot := make([]float64, n)
	for i := range comm {
		comm[i] = i
		tot[i] = g.deg[i]
	}
	weightTo := make([]float64, n)
	var touched []int
	order := rng.Perm(n)
	moved := false
	for {
		changed := false
		for _, i := range order {
			ci, ki := comm[i], g.deg[i]
			touched = touched[:0]
			for _, a := range g.adj[i] {
				c := comm[a.to]
				if weightTo[c] == 0 {
					touched = append(touched, c)
				}
				weightTo[c] += a.w
			}
			tot[ci] -= ki
			best, bestGain := ci, weightTo[ci]-tot[ci]*ki/g.m2
			for _, c := range touched {
				gain := weightTo[c] - tot[c]*ki/g.m2
				if gain > bestGain+1e-12 || (gain > bestGain-1e-12 && c < best && best != ci) {
					best, bestGain = c, gain
				}
			}
			tot[best] += ki
			for _, c := range touched {
				weightTo[c] = 0
			}
			if best != ci {
				comm[i] = best
				changed, moved = true, true
			}
		}
		if !changed {
			break
		}
	}
	// Renumber the communities in order of their smallest node.
	renum := make([]int, n)
	for i := range renum {
		renum[i] = -1
	}
	k := 0
	for i, c := range comm {
		if renum[c] < 0 {
			renum[c] = k
			k++
		}
		comm[i] = renum[c]
	}
	return comm, k, moved
}

// fold makes each community one node of a new graph.
func (g *wgraph) fold(comm []int, k int) *wgraph {
	h := &wgraph{adj: make([][]arc, k), loop: make([]float64, k), deg: make([]float64, k), m2: g.m2}
	for i, arcs := range g.adj {
		ci := comm[i]
		h.loop[ci] += g.loop[i]
		for _, a := range arcs {
			if cj := comm[a.to]; cj == ci {
				h.loop[ci] += a.w / 2 // each inside link is seen from both ends
			} else {
				h.adj[ci] = append(h.adj[ci], arc{to: int32(cj), w: a.w})
			}
		}
	}
	for c, arcs := range h.adj {
		slices.SortFunc(arcs, func(a, b arc) int { return int(a.to - b.to) })
		out := arcs[:0]
		for _, a := range arcs {
			if len(out) > 0 && out[len(out)-1].to == a.to {
				out[len(out)-1].w += a.w
				continue
			}
			out = append(out, a)
		}
		h.adj[c] = out
		h.deg[c] = 2 * h.loop[c]
		for _, a := range out {
			h.deg[c] += a.w
		}
	}
	return h
}

// modularity of a partition of the view (resolution 1).
func (v *view) modularity(member []int, k int) float64 {
	m2 := float64(2 * v.links)
	if m2 == 0 {
		return 0
	}
	in := make([]float64, k)
	tot := make([]float64, k)
	for i, ns := range v.adj {
		c := member[i]
		tot[c] += float64(len(ns))
		for _, j := range ns {
			if member[j] == c {
				in[c]++
			}
		}
	}
	q := 0.0
	for c := range in {
		q += in[c]/m2 - (tot[c]/m2)*(tot[c]/m2)
	}
	return q
}

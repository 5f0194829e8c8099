package knowledge

import (
	"hash/fnv"
	"math"
	"sort"
)

// The similarity layer is a nearest-neighbour classifier over the ways
// organisers ask each entry: its title and every alternative question,
// each a TF-IDF vector of word stems (after synonyms) and stem pairs,
// learned from the entries when the index is built (no training step to
// run, and a tenant's own entries take part at once). A question's
// similarity to an entry is its cosine with the closest of the entry's
// questions: it rewards a question worded like one an organiser already
// asked, where BM25F rewards sharing rare words with the whole entry.

// vec is a sparse L2-normalised vector, sorted by feature.
type vec struct {
	f []uint32
	w []float32
}

type simModel struct {
	idf map[uint32]float32
	// byDoc holds each entry's question vectors.
	byDoc [][]vec
}

// simFeatures counts the features of a text.
func simFeatures(text string, syn *Synonyms, st stemmer) map[uint32]float32 {
	return simFeaturesOf(syn.expand(st.terms(text)))
}

// simFeaturesOf counts the features of a text already turned into terms
// (with synonyms expanded).
func simFeaturesOf(ts []string) map[uint32]float32 {
	out := make(map[uint32]float32, len(ts)*6)
	h := fnv.New32a()
	add := func(kind byte, s string) {
		h.Reset()
		h.Write([]byte{kind})
		h.Write([]byte(s))
		out[h.Sum32()]++
	}
	for i, t := range ts {
		add('w', t)
		if i > 0 {
			add('b', ts[i-1]+" "+t)
		}
	}
	return out
}

func buildSim(entries []*Entry, syn *Synonyms, st stemmer) *simModel {
	m := &simModel{idf: map[uint32]float32{}, byDoc: make([][]vec, len(entries))}
	raw := make([][]map[uint32]float32, len(entries))
	df := map[uint32]int{}
	n := 0
	for d, e := range entries {
		texts := append([]string{e.Title}, e.Questions...)
		for _, t := range texts {
			fs := simFeatures(t, syn, st)
			if len(fs) == 0 {
				continue
			}
			raw[d] = append(raw[d], fs)
			for f := range fs {
				df[f]++
			}
			n++
		}
	}
	for f, c := range df {
		m.idf[f] = float32(math.Log(float64(n+1) / float64(c+1)))
	}
	for d := range raw {
		for _, fs := range raw[d] {
			m.byDoc[d] = append(m.byDoc[d], m.vector(fs))
		}
	}
	return m
}

// vector weighs counted features by TF-IDF and normalises them. Features
// no question has carry no weight: they cannot make two questions alike.
func (m *simModel) vector(fs map[uint32]float32) vec {
	var v vec
	for f, c := range fs {
		idf, ok := m.idf[f]
		if !ok {
			continue
		}
		v.f = append(v.f, f)
		v.w = append(v.w, float32(1+math.Log(float64(c)))*idf)
	}
	sort.Sort(byFeature(v))
	var norm float64
	for _, w := range v.w {
		norm += float64(w) * float64(w)
	}
	if norm > 0 {
		inv := float32(1 / math.Sqrt(norm))
		for i := range v.w {
			v.w[i] *= inv
		}
	}
	return v
}

type byFeature vec

func (b byFeature) Len() int           { return len(b.f) }
func (b byFeature) Less(i, j int) bool { return b.f[i] < b.f[j] }
func (b byFeature) Swap(i, j int) {
	b.f[i], b.f[j] = b.f[j], b.f[i]
	b.w[i], b.w[j] = b.w[j], b.w[i]
}

func cosine(a, b vec) float64 {
	var s float64
	i, j := 0, 0
	for i < len(a.f) && j < len(b.f) {
		switch {
		case a.f[i] == b.f[j]:
			s += float64(a.w[i]) * float64(b.w[j])
			i++
			j++
		case a.f[i] < b.f[j]:
			i++
		default:
			j++
		}
	}
	return s
}

// similarity is the cosine of q with the closest question of entry d.
func (m *simModel) similarity(q vec, d int) float64 {
	best := 0.0
	for _, v := range m.byDoc[d] {
		best = math.Max(best, cosine(q, v))
	}
	return best
}

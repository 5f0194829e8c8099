package knowledge

import (
	"math"
	"sort"
	"strings"
	"sync"
)

// The fields of an entry that are searched, most telling first.
const (
	fieldTitle = iota
	fieldQuestions
	fieldTags
	fieldBody
	numFields
)

// BM25F parameters. Title and alternative questions say what an entry is
// about far better than its body, so they weigh more.
var (
	fieldWeight = [numFields]float64{3.0, 2.5, 1.5, 1.0}
	fieldB      = [numFields]float64{0.4, 0.6, 0.3, 0.75}
)

const (
	k1 = 1.2
	// typoWeight discounts a term matched only through a one-letter typo.
	typoWeight = 0.7
	// otherJurisdiction discounts entries about another part of the UK.
	otherJurisdiction = 0.55
	// namedOtherJurisdiction discounts them when the question names its
	// nation or a place in it.
	namedOtherJurisdiction = 0.35
	// ownNation favours entries written for the question's nation.
	ownNation = 1.15
	// minTypoLen is the shortest stem we correct; short words have too
	// many one-letter neighbours.
	minTypoLen = 5
)

// posting is one entry containing a term. sat is the term's BM25F
// saturated, field-weighted frequency in that entry, tfw/(k1+tfw): it does
// not depend on the question, so it is computed once at build time and a
// search is one multiply-add per posting.
type posting struct {
	doc int32
	sat float32
	// about is the same for the title, questions and tags alone: the
	// fields that say what an entry is about, as opposed to mentioning.
	about float32
}

// Index is an in-memory BM25F index over entries. It is immutable once
// built and safe for concurrent searches.
type Index struct {
	entries  []*Entry
	postings map[string][]posting
	// deletes maps each one-letter deletion of a vocabulary term to the
	// terms it came from, for typo tolerance (the SymSpell idea).
	deletes map[string][]string
	syn     *Synonyms
	sim     *simModel
	// learned is the trained classifier (see learned.go), or nil;
	// learnedDoc maps its classes to entries here (-1: not indexed) and
	// docClass the other way (-1: an entry it was not trained on, such
	// as a group's own).
	learned    *Learned
	offTopic   int // the learned layer's OffTopic class, or -1
	learnedDoc []int32
	docClass   []int32
	// handOver says, per jurisdiction, which learned class each class's
	// probability belongs to there: itself, or its counterpart for that
	// nation (see Entry.Counterparts).
	handOver map[string][]int32
	// applies says, per jurisdiction, which entries apply there.
	applies map[string][]bool
	pool    sync.Pool
	// stems is the build's stem memo, read (never written) by searches.
	stems stemmer
}

// Hit is one entry found for a question.
type Hit struct {
	Entry *Entry
	// Score is the BM25F score, after the jurisdiction discount.
	Score float64
	// Coverage is the share (0..1, weighted by rarity) of the question's
	// meaningful words the entry contains.
	Coverage float64
	// Strength is the score relative to the question's total weight: how
	// strongly, on average, the entry matches each word (0..~1). Unlike the
	// raw score it does not grow with the length of the question.
	Strength float64
	// Focus is Strength counting only the title, questions and tags: high
	// when the question's words are what the entry is about, low when the
	// entry merely mentions them in passing.
	Focus float64
	// Similarity is the cosine (0..1) between the question and the closest
	// of the entry's title and alternative questions (see similar.go).
	Similarity float64
	// Learned is the learned layer's probability (0..1) that the
	// question asks about this entry (see learned.go); 0 without one.
	Learned float64
	// OffTopic is the learned layer's probability that the question is
	// not about running a group at all; the same for every hit.
	OffTopic float64
	// Unknown is the share (0..1, weighted by rarity) of the question's
	// words that no entry contains: high for questions about something
	// else entirely ("a good Italian restaurant").
	Unknown float64

	doc int32
}

// Build indexes entries with no learned layer. Later entries with the same
// id replace earlier ones, so a tenant's overrides can simply follow the
// base entries.
func Build(entries []*Entry, syn *Synonyms) *Index { return BuildWith(entries, syn, nil) }

// BuildWith indexes entries with a learned layer (nil for none). Entries it
// was not trained on are searched as usual and get no learned score.
func BuildWith(entries []*Entry, syn *Synonyms, lm *Learned) *Index {
	byID := map[string]int{}
	var kept []*Entry
	for _, e := range entries {
		if i, ok := byID[e.ID]; ok {
			kept[i] = e
			continue
		}
		byID[e.ID] = len(kept)
		kept = append(kept, e)
	}
	ix := &Index{
		entries:  kept,
		postings: map[string][]posting{},
		deletes:  map[string][]string{},
		syn:      syn,
	}
	// Two passes: field lengths must be known for every entry before any
	// entry's normalised frequencies can be computed.
	type docTerms struct {
		tf  map[string]*[numFields]int
		len [numFields]int
	}
	docs := make([]docTerms, len(kept))
	st := stemmer{}
	var total [numFields]float64
	for d, e := range kept {
		fields := [numFields]string{e.Title, strings.Join(e.Questions, "\n"), strings.Join(e.Tags, "\n"), e.Body}
		docs[d].tf = map[string]*[numFields]int{}
		for f, text := range fields {
			ts := syn.expand(st.terms(text))
			docs[d].len[f] = len(ts)
			total[f] += float64(len(ts))
			for _, t := range ts {
				c := docs[d].tf[t]
				if c == nil {
					c = &[numFields]int{}
					docs[d].tf[t] = c
				}
				c[f]++
			}
		}
	}
	var avgLen [numFields]float64
	if n := float64(len(kept)); n > 0 {
		for f := range total {
			avgLen[f] = math.Max(total[f]/n, 1)
		}
	}
	for d := range docs {
		for t, c := range docs[d].tf {
			var tfw, about float64
			for f := 0; f < numFields; f++ {
				if c[f] == 0 {
					continue
				}
				norm := 1 - fieldB[f] + fieldB[f]*float64(docs[d].len[f])/avgLen[f]
				w := fieldWeight[f] * float64(c[f]) / norm
				tfw += w
				if f != fieldBody {
					about += w
				}
			}
			ix.postings[t] = append(ix.postings[t], posting{doc: int32(d), sat: float32(tfw / (k1 + tfw)), about: float32(about / (k1 + about))})
		}
	}
	for t := range ix.postings {
		if len(t) < minTypoLen || strings.HasPrefix(t, "~") {
			continue
		}
		for _, del := range deletions(t) {
			ix.deletes[del] = appendUnique(ix.deletes[del], t)
		}
	}
	n := len(kept)
	ix.pool.New = func() any { return newScratch(n) }
	ix.sim = buildSim(kept, syn, st)
	// From here on the memo is only read, by concurrent searches.
	ix.stems = st
	ix.docClass = make([]int32, len(kept))
	for d := range ix.docClass {
		ix.docClass[d] = -1
	}
	ix.offTopic = -1
	if lm != nil {
		ix.learned = lm
		ix.learnedDoc = make([]int32, len(lm.ids))
		for c, id := range lm.ids {
			ix.learnedDoc[c] = -1
			if id == OffTopic {
				ix.offTopic = c
			}
			if d, ok := byID[id]; ok {
				ix.learnedDoc[c] = int32(d)
				ix.docClass[d] = int32(c)
			}
		}
	}
	ix.applies = map[string][]bool{}
	ix.handOver = map[string][]int32{}
	for _, j := range Jurisdictions {
		a := make([]bool, len(kept))
		for d, e := range kept {
			a[d] = e.AppliesTo(j)
		}
		ix.applies[j] = a
		if lm != nil {
			ix.handOver[j] = ix.handOverFor(j, byID)
		}
	}
	return ix
}

// handOverFor maps each learned class to the class that answers its
// question in nation j: an entry that does not apply there hands over to
// the counterpart that does. The learned layer has seen organisers ask
// "can we pay a trustee" of the England and Wales entry far more often
// than of the Northern Ireland one; asked from Dungannon, it is the same
// question.
func (ix *Index) handOverFor(j string, byID map[string]int) []int32 {
	to := make([]int32, len(ix.learnedDoc))
	for c, d := range ix.learnedDoc {
		to[c] = int32(c)
		if d < 0 || ix.entries[d].AppliesTo(j) {
			continue
		}
		for _, id := range ix.entries[d].Counterparts {
			if o, ok := byID[id]; ok && ix.entries[o].AppliesTo(j) && ix.docClass[o] >= 0 {
				to[c] = ix.docClass[o]
				break
			}
		}
	}
	return to
}

func deletions(t string) []string {
	rs := []rune(t)
	out := make([]string, 0, len(rs))
	for i := range rs {
		out = append(out, string(rs[:i])+string(rs[i+1:]))
	}
	return out
}

func appendUnique(list []string, s string) []string {
	for _, have := range list {
		if have == s {
			return list
		}
	}
	return append(list, s)
}

// Meaningful reports whether a question has any searchable words left
// once stopwords are removed.
func (ix *Index) Meaningful(q string) bool { return len(terms(q)) > 0 }

// Known reports whether any searchable word of q, or a one-letter
// correction of it, is in the indexed entries: a message with none is not
// something the base can answer, however it is worded.
func (ix *Index) Known(q string) bool {
	for _, t := range terms(q) {
		if _, ok := ix.postings[t]; ok {
			return true
		}
		if len(ix.corrections(t)) > 0 {
			return true
		}
	}
	return false
}

// Len is the number of entries indexed.
func (ix *Index) Len() int { return len(ix.entries) }

// Entries returns the indexed entries in index order.
func (ix *Index) Entries() []*Entry { return ix.entries }

// Entry returns the entry with the given id, or nil.
func (ix *Index) Entry(id string) *Entry {
	for _, e := range ix.entries {
		if e.ID == id {
			return e
		}
	}
	return nil
}

func (ix *Index) idf(df int) float64 {
	n := float64(len(ix.entries))
	return math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
}

// unit is a group of query terms that count as one idea for coverage: a
// word, or a synonym phrase together with its concept term.
type unit struct {
	terms  []queryTerm
	weight float64
}

type queryTerm struct {
	term   string
	weight float64
}

// corrections finds vocabulary terms one edit away from t (insertion,
// deletion, substitution or transposition).
func (ix *Index) corrections(t string) []string {
	if len(t) < minTypoLen {
		return nil
	}
	var out []string
	// t has one letter too many: one of its deletions is a term.
	for _, del := range deletions(t) {
		if _, ok := ix.postings[del]; ok {
			out = appendUnique(out, del)
		}
		// substitution or transposition: both share a deletion.
		for _, cand := range ix.deletes[del] {
			out = appendUnique(out, cand)
		}
	}
	// t is missing a letter: t is a deletion of a term.
	for _, cand := range ix.deletes[t] {
		out = appendUnique(out, cand)
	}
	return out
}

// query turns a question into units of weighted terms.
func (ix *Index) query(q string) []unit { return ix.queryTerms(terms(q)) }

// queryTerms is query for a question already turned into terms.
func (ix *Index) queryTerms(ts []string) []unit {
	seen := map[string]bool{}
	var units []unit
	inPhrase := make([]bool, len(ts))
	for _, m := range ix.syn.find(ts) {
		if seen[m.concept] {
			continue
		}
		seen[m.concept] = true
		u := unit{terms: []queryTerm{{term: m.concept, weight: 1}}}
		for i := m.start; i < m.end; i++ {
			inPhrase[i] = true
			if !seen[ts[i]] {
				seen[ts[i]] = true
				u.terms = append(u.terms, queryTerm{term: ts[i], weight: 1})
			}
		}
		units = append(units, u)
	}
	for i, t := range ts {
		if inPhrase[i] || seen[t] {
			continue
		}
		seen[t] = true
		u := unit{terms: []queryTerm{{term: t, weight: 1}}}
		if _, known := ix.postings[t]; !known {
			for _, c := range ix.corrections(t) {
				if !seen[c] {
					u.terms = append(u.terms, queryTerm{term: c, weight: typoWeight})
				}
			}
		}
		units = append(units, u)
	}
	for i := range units {
		// A unit weighs as much as its rarest known term; an unknown word
		// weighs as much as the rarest possible, so questions about things
		// the base never mentions get low coverage.
		w := 0.0
		for _, qt := range units[i].terms {
			w = math.Max(w, ix.idf(len(ix.postings[qt.term]))*qt.weight)
		}
		units[i].weight = w
	}
	return units
}

// scratch holds per-entry accumulators for one search, reused through a
// pool so a search allocates almost nothing.
type scratch struct {
	score   []float64
	about   []float64
	covered []float64
	matched []uint64
	touched []int32
	// feats and probs are the learned layer's buffers.
	feats []uint32
	probs []float64
}

func newScratch(n int) *scratch {
	return &scratch{score: make([]float64, n), about: make([]float64, n), covered: make([]float64, n), matched: make([]uint64, n)}
}

// SearchOptions narrow or bias a search.
type SearchOptions struct {
	// Jurisdiction boosts entries that apply there; "" means unknown.
	Jurisdiction string
	// Limit is the most hits returned; 0 means 5.
	Limit int
	// SimWeight is the share of the similarity layer in the ranking (0 to
	// 1); the rest is BM25F's rank relative to the best hit. 0 ranks by
	// BM25F alone.
	SimWeight float64
	// LearnedWeight is the learned layer's share in the ranking; its
	// best few entries are also added to the candidates, so an entry
	// worded nothing like the question can still be found.
	LearnedWeight float64
	// Named is true when the question itself names the nation (a place, a
	// regulator): entries for other nations are then pushed much further
	// down than when the nation is only the group's setting.
	Named bool
}

// candidates is how many BM25F hits the similarity layer re-ranks.
const candidates = 12

// learnedCandidates is how many of the learned layer's best entries join
// the candidates.
const learnedCandidates = 3

// Search ranks entries for the question, best first.
func (ix *Index) Search(q string, opt SearchOptions) []Hit {
	limit := opt.Limit
	if limit <= 0 {
		limit = 5
	}
	// The question's terms are worked out once for all three layers.
	ts := ix.stems.lookupTerms(q)
	units := ix.queryTerms(ts)
	expanded := ix.syn.expand(ts)
	if len(units) == 0 || len(ix.entries) == 0 {
		return nil
	}
	pool := limit
	if pool < candidates {
		pool = candidates
	}
	if len(units) > 64 {
		units = units[:64]
	}
	var totalWeight, unknownWeight float64
	for _, u := range units {
		totalWeight += u.weight
		known := false
		for _, t := range u.terms {
			if len(ix.postings[t.term]) > 0 {
				known = true
			}
		}
		if !known {
			unknownWeight += u.weight
		}
	}
	sc := ix.pool.Get().(*scratch)
	defer func() {
		for _, d := range sc.touched {
			sc.score[d] = 0
			sc.about[d] = 0
			sc.covered[d] = 0
			sc.matched[d] = 0
		}
		sc.touched = sc.touched[:0]
		ix.pool.Put(sc)
	}()
	for ui, u := range units {
		for _, qt := range u.terms {
			plist := ix.postings[qt.term]
			if len(plist) == 0 {
				continue
			}
			idf := ix.idf(len(plist)) * qt.weight
			bit := uint64(1) << uint(ui)
			for _, p := range plist {
				m := sc.matched[p.doc]
				if m == 0 {
					sc.touched = append(sc.touched, p.doc)
				}
				if m&bit == 0 {
					sc.matched[p.doc] = m | bit
					sc.covered[p.doc] += u.weight
				}
				sc.score[p.doc] += idf * float64(p.sat)
				sc.about[p.doc] += idf * float64(p.about)
			}
		}
	}
	hits := make([]Hit, 0, pool+1)
	applies := ix.applies[opt.Jurisdiction]
	inv := 0.0
	if totalWeight > 0 {
		inv = 1 / totalWeight
	}
	for _, d := range sc.touched {
		s := sc.score[d]
		if applies != nil && !applies[d] {
			s *= otherJurisdiction
		}
		cov := sc.covered[d] * inv
		// Rank by score tempered by coverage, so an entry matching most of
		// the question beats one matching a single word many times.
		if len(hits) == pool && s*(0.3+0.7*cov) <= rank(hits[pool-1]) {
			continue
		}
		h := Hit{Entry: ix.entries[d], Score: s, Coverage: cov, Strength: s * inv, Focus: sc.about[d] * inv, Unknown: unknownWeight * inv, doc: d}
		i := sort.Search(len(hits), func(i int) bool { return rank(hits[i]) < rank(h) })
		hits = append(hits, Hit{})
		copy(hits[i+1:], hits[i:])
		hits[i] = h
		if len(hits) > pool {
			hits = hits[:pool]
		}
	}
	if len(hits) == 0 {
		return hits
	}
	best := rank(hits[0])
	if ix.learned != nil {
		probs := ix.learned.probabilities(learnedFeaturesOf(expanded, q, sc.feats), sc.probs)
		sc.probs = probs
		if to := ix.handOver[opt.Jurisdiction]; to != nil {
			for c, t := range to {
				if int(t) != c {
					probs[t] += probs[c]
					probs[c] = 0
				}
			}
		}
		if opt.LearnedWeight > 0 {
			hits = ix.addLearned(hits, probs, sc, inv, unknownWeight, applies)
		}
		for i := range hits {
			if c := ix.docClass[hits[i].doc]; c >= 0 {
				hits[i].Learned = probs[c]
			}
			if ix.offTopic >= 0 {
				hits[i].OffTopic = probs[ix.offTopic]
			}
		}
	}
	// The similarity layer re-ranks the candidates.
	qv := ix.sim.vector(simFeaturesOf(expanded))
	for i := range hits {
		hits[i].Similarity = ix.sim.similarity(qv, int(hits[i].doc))
	}
	w, lw := opt.SimWeight, opt.LearnedWeight
	discount := otherJurisdiction
	if opt.Named {
		discount = namedOtherJurisdiction
	}
	fused := func(h Hit) float64 {
		f := (1-w-lw)*rank(h)/best + w*h.Similarity + lw*h.Learned
		switch {
		case applies != nil && !applies[h.doc]:
			// The similarity layer knows nothing of nations.
			f *= discount
		case applies != nil && !h.Entry.AppliesTo("uk"):
			// An entry written for this nation says more about it than
			// a UK-wide one that merely applies.
			f *= ownNation
		}
		return f
	}
	sort.SliceStable(hits, func(i, j int) bool { return fused(hits[i]) > fused(hits[j]) })
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits
}

func rank(h Hit) float64 { return h.Score * (0.3 + 0.7*h.Coverage) }

// addLearned adds the learned layer's best entries to the candidates when
// BM25F did not find them, with whatever BM25F signals they have.
func (ix *Index) addLearned(hits []Hit, probs []float64, sc *scratch, inv, unknownWeight float64, applies []bool) []Hit {
	var top [learnedCandidates]int
	for i := range top {
		top[i] = -1
	}
	for c, p := range probs {
		for i := range top {
			if top[i] < 0 || p > probs[top[i]] {
				copy(top[i+1:], top[i:len(top)-1])
				top[i] = c
				break
			}
		}
	}
next:
	for _, c := range top {
		if c < 0 || ix.learnedDoc[c] < 0 {
			continue
		}
		d := ix.learnedDoc[c]
		for _, h := range hits {
			if h.doc == d {
				continue next
			}
		}
		s := sc.score[d]
		if applies != nil && !applies[d] {
			s *= otherJurisdiction
		}
		hits = append(hits, Hit{Entry: ix.entries[d], Score: s, Coverage: sc.covered[d] * inv, Strength: s * inv, Focus: sc.about[d] * inv, Unknown: unknownWeight * inv, doc: d})
	}
	return hits
}

package knowledge

import "testing"

// BenchmarkSearchLearned measures the search with and without the learned
// layer on the same questions, so the layer's cost can be read as the
// difference even on a busy machine.
func BenchmarkSearchLearned(b *testing.B) {
	entries, syn, lm := builtIn(b)
	qs := []string{
		"members message me at 11pm, weekends, christmas day. is it ok to switch off?",
		"do we need to register as a charity in Leeds with 3 grand a year",
		"our treasurer pays for everything on the banking app and nobody else sees it, how many of us should approve payments",
		"what is a dbs check",
	}
	for _, tc := range []struct {
		name string
		lm   *Learned
		opt  SearchOptions
	}{
		{"bm25f+similarity", nil, SearchOptions{Jurisdiction: "england", Limit: 4, SimWeight: 0.4}},
		{"with-learned", lm, SearchOptions{Jurisdiction: "england", Limit: 4, SimWeight: 0.25, LearnedWeight: 0.35}},
	} {
		ix := BuildWith(entries, syn, tc.lm)
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				ix.Search(qs[i%len(qs)], tc.opt)
			}
		})
	}
}

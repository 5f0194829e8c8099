package searchbench

import (
	"testing"

	"github.com/waymark-org/waymark/feature/answering"
	"github.com/waymark-org/waymark/knowledge"
)

func load(b *testing.B, n int) ([]*knowledge.Entry, []string) {
	b.Helper()
	base, err := knowledge.LoadBase()
	if err != nil {
		b.Fatal(err)
	}
	qs, err := Questions("../..")
	if err != nil {
		b.Fatal(err)
	}
	if n > 0 {
		return Synthetic(base, n), qs
	}
	return base, qs
}

func benchWaymark(b *testing.B, n int) {
	entries, qs := load(b, n)
	syn, err := knowledge.DefaultSynonyms()
	if err != nil {
		b.Fatal(err)
	}
	// The search as answering runs it: with the learned layer and the
	// fitted weights of both re-ranking layers.
	lm, err := knowledge.DefaultLearned()
	if err != nil {
		b.Fatal(err)
	}
	conf, err := answering.DefaultConfidence()
	if err != nil {
		b.Fatal(err)
	}
	ix := knowledge.BuildWith(entries, syn, lm)
	opt := knowledge.SearchOptions{Jurisdiction: "england", Limit: 4, SimWeight: conf.SimWeight, LearnedWeight: conf.LearnedWeight}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		ix.Search(qs[i%len(qs)], opt)
	}
}

func benchBleve(b *testing.B, n int) {
	entries, qs := load(b, n)
	ix, err := Bleve(entries)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := ix.Search(BleveQuery(qs[i%len(qs)])); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSearch(b *testing.B) {
	b.Run("waymark/real", func(b *testing.B) { benchWaymark(b, 0) })
	b.Run("bleve/real", func(b *testing.B) { benchBleve(b, 0) })
	b.Run("waymark/10000", func(b *testing.B) { benchWaymark(b, 10000) })
	b.Run("bleve/10000", func(b *testing.B) { benchBleve(b, 10000) })
}

// Both engines must find something for real questions over the real base,
// or the comparison would be between a search and a no-op.
func TestBothEnginesAnswer(t *testing.T) {
	base, err := knowledge.LoadBase()
	if err != nil {
		t.Fatal(err)
	}
	syn, err := knowledge.DefaultSynonyms()
	if err != nil {
		t.Fatal(err)
	}
	ix := knowledge.Build(base, syn)
	bl, err := Bleve(base)
	if err != nil {
		t.Fatal(err)
	}
	defer bl.Close()
	q := "What does a designated safeguarding lead do?"
	if hits := ix.Search(q, knowledge.SearchOptions{}); len(hits) == 0 || hits[0].Entry.ID != "safeguarding/designated-safeguarding-lead" {
		t.Errorf("waymark top hit: %v", hits)
	}
	res, err := bl.Search(BleveQuery(q))
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("bleve found nothing: %v", err)
	}
	if n := len(Synthetic(base, 500)); n != 500 {
		t.Errorf("synthetic corpus has %d entries", n)
	}
}

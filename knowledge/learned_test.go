package knowledge

import (
	"bytes"
	"testing"
)

// TestEmbeddedLearnedIsCurrent retrains the learned layer from the entries,
// synonyms and off-topic messages in the repo and compares it with the
// embedded learned.bin.gz, so the shipped model never drifts from its
// data: after changing any of them, run `go generate ./knowledge`.
func TestEmbeddedLearnedIsCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("retrains the learned layer")
	}
	data, err := TrainBase()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, learnedBin) {
		t.Fatal("knowledge/learned.bin.gz differs from a fresh training run: run `go generate ./knowledge`")
	}
}

func TestLearnedRoundTrip(t *testing.T) {
	l, err := DefaultLearned()
	if err != nil {
		t.Fatal(err)
	}
	data, err := l.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := UnmarshalLearned(data)
	if err != nil {
		t.Fatal(err)
	}
	if back.Len() != l.Len() || len(back.w) != len(l.w) || len(back.feats) != len(l.feats) {
		t.Fatalf("round trip: %d entries, %d weights; want %d, %d", back.Len(), len(back.w), l.Len(), len(l.w))
	}
	for _, bad := range [][]byte{nil, []byte("not gzip"), learnedBin[:len(learnedBin)/2]} {
		if _, err := UnmarshalLearned(bad); err == nil {
			t.Errorf("UnmarshalLearned(%d bytes of junk) succeeded", len(bad))
		}
	}
}

// The learned layer generalises beyond the entries' own words: everyday
// wordings, none of them an alternative question of the entry, rank the
// right entry among the first three; everyday chatter is off topic.
func TestLearnedEverydayWordings(t *testing.T) {
	l, err := DefaultLearned()
	if err != nil {
		t.Fatal(err)
	}
	syn, err := DefaultSynonyms()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ q, want string }{
		{"is it ok to switch off my phone at christmas when members text", "wellbeing/organiser-boundaries-on-call-and-saying-no"},
		{"how many of us should be okaying each payment on the banking app", "governance/bank-mandate-and-online-banking-controls"},
		{"wats a dbs chek", "safeguarding/dbs-check-levels"},
		{"what's the forecast for saturday, will it rain", OffTopic},
		{"can you give me a recipe for a big batch of brownies", OffTopic},
	} {
		ids, _ := l.Predict(tc.q, syn, 3)
		found := false
		for _, id := range ids {
			found = found || id == tc.want
		}
		if !found {
			t.Errorf("Predict(%q) = %v, want %s among them", tc.q, ids, tc.want)
		}
	}
}

// builtIn loads the built-in entries, synonyms and learned layer, in
// BuildWith's order.
func builtIn(tb testing.TB) ([]*Entry, *Synonyms, *Learned) {
	tb.Helper()
	entries, err := LoadBase()
	if err != nil {
		tb.Fatal(err)
	}
	syn, err := DefaultSynonyms()
	if err != nil {
		tb.Fatal(err)
	}
	lm, err := DefaultLearned()
	if err != nil {
		tb.Fatal(err)
	}
	return entries, syn, lm
}

// Asked from one nation, a question the learned layer knows from another
// nation's entry goes to that entry's counterpart: the layer has seen "can
// a trustee be paid" asked of England and Wales far more often than of
// Northern Ireland.
func TestCounterpartsTakeOverTheLearnedLayer(t *testing.T) {
	ix := BuildWith(builtIn(t))
	for _, tc := range []struct{ q, nation, want string }{
		{"Can a trustee of our charity be paid to run sessions for us?", "northern-ireland", "governance/paying-trustees-northern-ireland"},
		{"one of our committee keeps behaving badly at meetings, the others want him gone as a trustee. how do we do it properly and what if it leaves us short", "northern-ireland", "governance/removing-a-trustee-northern-ireland"},
		{"writing a section on abuse at home into our policy. what helplines and procedures are specific to here?", "northern-ireland", "safeguarding/domestic-abuse-disclosure-northern-ireland"},
		{"Can a trustee of our charity be paid to run sessions for us?", "england", "governance/paying-trustees-and-expenses"},
	} {
		hits := ix.Search(tc.q, SearchOptions{Jurisdiction: tc.nation, SimWeight: 0.25, LearnedWeight: 0.5})
		if len(hits) == 0 || hits[0].Entry.ID != tc.want {
			t.Errorf("Search(%q, %s) top = %v, want %s", tc.q, tc.nation, ids(hits), tc.want)
		}
	}
}

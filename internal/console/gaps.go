package console

import (
	"sort"
	"strings"

	"github.com/waymark-org/waymark/bot"
)

// gapGroup is unanswered questions worded alike, with how often they were
// asked in all. Who asked is never kept, so never shown.
type gapGroup struct {
	Questions []string
	Count     int
}

// stopWords carry no topic: two questions sharing only these are not alike.
var stopWords = map[string]bool{
	"a": true, "an": true, "the": true, "do": true, "does": true, "we": true, "i": true, "our": true, "to": true,
	"of": true, "for": true, "in": true, "on": true, "is": true, "it": true, "can": true, "how": true, "what": true,
	"and": true, "or": true, "be": true, "if": true, "my": true, "us": true, "need": true, "have": true, "are": true,
	"should": true, "with": true, "about": true, "who": true, "when": true, "there": true, "any": true, "you": true,
}

func contentWords(q string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(q) {
		w = strings.Trim(w, "?!.,'\"")
		if len(w) > 2 && !stopWords[w] {
			// A crude stem: "trustees" and "trustee" are alike.
			out[strings.TrimSuffix(w, "s")] = true
		}
	}
	return out
}

func similar(a, b map[string]bool) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	shared := 0
	for w := range a {
		if b[w] {
			shared++
		}
	}
	return float64(shared)/float64(min(len(a), len(b))) >= 0.6
}

// groupGaps puts each question with the first group whose first question
// it resembles (questions come most asked first, so that one leads), and
// orders the groups by their total count.
func groupGaps(qs []bot.Unanswered) []gapGroup {
	var groups []gapGroup
	var keys []map[string]bool
	for _, q := range qs {
		w := contentWords(q.Question)
		placed := false
		for i := range groups {
			if similar(keys[i], w) {
				groups[i].Questions = append(groups[i].Questions, q.Question)
				groups[i].Count += q.Count
				placed = true
				break
			}
		}
		if !placed {
			groups = append(groups, gapGroup{Questions: []string{q.Question}, Count: q.Count})
			keys = append(keys, w)
		}
	}
	sort.SliceStable(groups, func(i, j int) bool { return groups[i].Count > groups[j].Count })
	return groups
}

package knowledge

import (
	"fmt"
	"strings"
)

// StatsTable counts entries per topic and jurisdiction as a Markdown
// table. An entry for [uk] counts in every nation's column and in "UK-wide";
// the total column counts each entry once.
func StatsTable(entries []*Entry) string {
	cols := append([]string{"uk"}, Jurisdictions...)
	counts := map[string]map[string]int{}
	totals := map[string]int{}
	for _, e := range entries {
		if counts[e.Topic] == nil {
			counts[e.Topic] = map[string]int{}
		}
		totals[e.Topic]++
		seen := map[string]bool{}
		for _, j := range e.Jurisdictions {
			if j == "uk" {
				for _, c := range cols {
					seen[c] = true
				}
				continue
			}
			seen[j] = true
		}
		for c := range seen {
			counts[e.Topic][c]++
		}
	}
	var sb strings.Builder
	sb.WriteString("| topic | entries | UK-wide | England | Wales | Scotland | Northern Ireland |\n|---|---:|---:|---:|---:|---:|---:|\n")
	sum := map[string]int{}
	all := 0
	for _, t := range Topics {
		if totals[t] == 0 {
			continue
		}
		fmt.Fprintf(&sb, "| %s | %d", t, totals[t])
		all += totals[t]
		for _, c := range cols {
			fmt.Fprintf(&sb, " | %d", counts[t][c])
			sum[c] += counts[t][c]
		}
		sb.WriteString(" |\n")
	}
	fmt.Fprintf(&sb, "| **all** | **%d**", all)
	for _, c := range cols {
		fmt.Fprintf(&sb, " | **%d**", sum[c])
	}
	sb.WriteString(" |\n")
	return sb.String()
}

package console

import "strings"

// diffLine is one line of a line diff: Op is ' ' (kept), '-' or '+'.
type diffLine struct {
	Op   string
	Text string
}

// lineDiff compares two texts line by line with a longest common
// subsequence. Entries are a few hundred lines at most, so the quadratic
// table is small.
func lineDiff(a, b string) []diffLine {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	if a == "" {
		x = nil
	}
	n, m := len(x), len(y)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []diffLine
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case x[i] == y[j]:
			out = append(out, diffLine{" ", x[i]})
			i++
			j++
		case lcs[i+1][j] >= lcs[i][j+1]:
			out = append(out, diffLine{"-", x[i]})
			i++
		default:
			out = append(out, diffLine{"+", y[j]})
			j++
		}
	}
	for ; i < n; i++ {
		out = append(out, diffLine{"-", x[i]})
	}
	for ; j < m; j++ {
		out = append(out, diffLine{"+", y[j]})
	}
	return out
}

// changesOnly keeps changed lines and context lines next to them, so a
// one-word edit of a long entry shows as a few lines.
func changesOnly(d []diffLine, context int) []diffLine {
	keep := make([]bool, len(d))
	for i, l := range d {
		if l.Op != " " {
			for k := max(0, i-context); k <= min(len(d)-1, i+context); k++ {
				keep[k] = true
			}
		}
	}
	var out []diffLine
	gap := false
	for i, l := range d {
		if keep[i] {
			out = append(out, l)
			gap = false
		} else if !gap {
			out = append(out, diffLine{"…", ""})
			gap = true
		}
	}
	return out
}

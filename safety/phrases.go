package safety

import (
	"strconv"
	"strings"
)

// A phrase is a short pattern over plain words. Its slots are separated by
// spaces; a slot is one word or alternatives "a|b|c", where "_" makes the
// slot optional and a trailing "*" matches any word with that prefix. A
// slot "~N" skips up to N words. Phrases are matched on words, not
// characters, which keeps the screen fast and lets one phrase cover the
// spellings the normaliser folds together.
type phrase struct {
	concept concept
	slots   []slot
}

type slot struct {
	words    map[string]bool
	prefixes []string
	optional bool
	gap      int
	end      bool
}

func (s slot) matches(w string) bool {
	if s.words[w] {
		return true
	}
	for _, p := range s.prefixes {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// expand turns a written pattern into the plain patterns it stands for:
// {group} is replaced by its words, and an alternative of several words
// ("car+park") becomes a pattern of its own, since a slot holds one word.
func expand(pattern string, groups map[string]string) []string {
	for name, words := range groups {
		pattern = strings.ReplaceAll(pattern, "{"+name+"}", words)
	}
	if strings.Contains(pattern, "{") {
		panic("safety: unknown group in phrase " + pattern)
	}
	out := []string{""}
	for _, f := range strings.Fields(pattern) {
		var single []string
		var variants []string
		for _, alt := range strings.Split(f, "|") {
			switch {
			case alt == "_":
				variants = append(variants, "")
			case alt == "$":
				variants = append(variants, "$")
			case strings.Contains(alt, "+"):
				variants = append(variants, strings.ReplaceAll(alt, "+", " "))
			default:
				single = append(single, alt)
			}
		}
		if len(single) > 0 {
			variants = append(variants, strings.Join(single, "|"))
		}
		next := make([]string, 0, len(out)*len(variants))
		for _, o := range out {
			for _, v := range variants {
				next = append(next, strings.TrimSpace(o+" "+v))
			}
		}
		out = next
	}
	return out
}

// compilePhrase reads one expanded pattern into its slots. seen holds the
// slots already compiled, by their text: the expanded
// patterns repeat the same word lists thousands of times ("{kill}",
// "{pills}"), and sharing one read-only map for each keeps the screen's
// memory down.
func compilePhrase(c concept, pattern string, seen map[string]slot) phrase {
	p := phrase{concept: c}
	for _, f := range strings.Fields(pattern) {
		if s, ok := seen[f]; ok {
			p.slots = append(p.slots, s)
			continue
		}
		if f == "$" {
			p.slots = append(p.slots, slot{end: true})
			continue
		}
		if strings.HasPrefix(f, "~") {
			n, err := strconv.Atoi(f[1:])
			if err != nil {
				panic("safety: bad gap in phrase " + pattern)
			}
			p.slots = append(p.slots, slot{gap: n})
			continue
		}
		s := slot{words: map[string]bool{}}
		for _, alt := range strings.Split(f, "|") {
			switch {
			case alt == "_":
				s.optional = true
			case strings.HasSuffix(alt, "*"):
				s.prefixes = append(s.prefixes, strings.TrimSuffix(alt, "*"))
			default:
				s.words[alt] = true
			}
		}
		seen[f] = s
		p.slots = append(p.slots, s)
	}
	return p
}

// match reports where the phrase ends when it starts at word i, or -1.
func (p phrase) match(ws tokens, i int) int { return matchSlots(p.slots, ws, i) }

func matchSlots(slots []slot, ws tokens, i int) int {
	if len(slots) == 0 {
		return i
	}
	s := slots[0]
	if s.end {
		if i == len(ws) {
			return matchSlots(slots[1:], ws, i)
		}
		return -1
	}
	if s.gap > 0 {
		for skip := 0; skip <= s.gap && i+skip <= len(ws); skip++ {
			if end := matchSlots(slots[1:], ws, i+skip); end >= 0 {
				return end
			}
		}
		return -1
	}
	if i < len(ws) && s.matches(ws[i]) {
		if end := matchSlots(slots[1:], ws, i+1); end >= 0 {
			return end
		}
	}
	if s.optional {
		return matchSlots(slots[1:], ws, i)
	}
	return -1
}

// phraseSet finds every phrase in a clause. Phrases are indexed by the
// words their first slot accepts and, when their second slot is plain
// words too, by the second word under the first; the few that start with a
// prefix or an optional slot are tried at every word. One map lookup per
// word finds both kinds, and most words start no phrase at all. Indexing by
// pairs matters for speed: hundreds of phrases start with "i", "not" or
// "the", and almost all of them fail on the second word.
type phraseSet struct {
	byFirst map[string]*firstWord
	always  []int
	phrases []phrase
}

// firstWord holds the phrases that start with one word: those matched from
// there, and those that also need a given second word.
type firstWord struct {
	any    []int
	second map[string][]int
}

// plain reports whether a slot is a required choice of whole words.
func (s slot) plain() bool {
	return len(s.words) > 0 && !s.optional && s.gap == 0 && !s.end && len(s.prefixes) == 0
}

func newPhraseSet(ps []phrase) *phraseSet {
	s := &phraseSet{byFirst: map[string]*firstWord{}, phrases: ps}
	entry := func(w string) *firstWord {
		e := s.byFirst[w]
		if e == nil {
			e = &firstWord{}
			s.byFirst[w] = e
		}
		return e
	}
	for i, p := range ps {
		first := p.slots[0]
		if !first.plain() {
			s.always = append(s.always, i)
			continue
		}
		pair := len(p.slots) > 1 && p.slots[1].plain()
		for w := range first.words {
			e := entry(w)
			if !pair {
				e.any = append(e.any, i)
				continue
			}
			if e.second == nil {
				e.second = map[string][]int{}
			}
			for v := range p.slots[1].words {
				e.second[v] = append(e.second[v], i)
			}
		}
	}
	return s
}

// hit is one phrase found in a clause, at words [start, end).
type hit struct {
	concept    concept
	start, end int
}

func (s *phraseSet) find(ws tokens, out []hit) []hit {
	try := func(pi, i int) {
		if end := s.phrases[pi].match(ws, i); end > i {
			out = append(out, hit{s.phrases[pi].concept, i, end})
		}
	}
	for i, w := range ws {
		if e := s.byFirst[w]; e != nil {
			for _, pi := range e.any {
				try(pi, i)
			}
			if e.second != nil && i+1 < len(ws) {
				for _, pi := range e.second[ws[i+1]] {
					try(pi, i)
				}
			}
		}
		for _, pi := range s.always {
			try(pi, i)
		}
	}
	return out
}

package knowledge

import (
	"strings"
	"unicode"

	"github.com/kljensen/snowball/english"
)

// stopwords carry no meaning for matching. Kept short on purpose: words
// like "need", "must" or "pay" matter in this domain.
var stopwords = setOf(`a about above after again all am an and any are as at be been before being
below between both but by can could did do does doing down during each few for from further
had has have having he her here hers herself him himself his how i if in into is it its itself
just let me more most my myself no nor not of off on once only or other ought our ours
ourselves out over own same she should so some such than that the their theirs them themselves
then there these they this those through to too under until up very was we were what when
where which while who whom why will with would you your yours yourself yourselves im ive id
youre dont doesnt cant wont isnt arent hi hey please thanks thank anyone someone something
really actually basically just get got getting go going like lot lots kind sort thing things
know want wanted tell us one also ok okay barely honestly literally bit whole quite maybe
probably stuff lol basically totally seriously anyway though even ever much pretty round sure
gonna wanna gotta guys folks tbh idk yeah yes etc hiya heya hullo hallo morning evening afternoon
cheers ta sorry everyone haha x xx ps pls`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// spellings folds American spellings (and a few common variants) to the
// British form the entries are written in, before stemming.
var spellings = map[string]string{
	"color": "colour", "behavior": "behaviour", "labor": "labour", "neighbor": "neighbour",
	"favor": "favour", "honor": "honour", "center": "centre", "program": "programme",
	"programs": "programmes", "license": "licence", "defense": "defence", "offense": "offence",
	"judgment": "judgement", "enroll": "enrol", "fulfill": "fulfil", "counseling": "counselling",
	"counselor": "counsellor", "traveling": "travelling", "modeling": "modelling",
	"burnout": "burn-out", "burntout": "burn-out", "wellbeing": "well-being",
	"cooperation": "co-operation", "coproduction": "co-production", "codesign": "co-design",
	"selfneglect": "self-neglect", "email": "e-mail",
}

// fold lowercases a word, maps American spellings to British ones and
// turns -ize/-ization forms into -ise/-isation.
func fold(w string) string {
	if b, ok := spellings[w]; ok {
		return b
	}
	for _, suf := range []string{"ization", "izations", "ize", "izes", "ized", "izing", "izer", "izers"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 {
			return w[:len(w)-len(suf)] + "is" + suf[2:]
		}
	}
	return w
}

// words splits text into lowercase words. Hyphenated words stay whole and
// also yield their parts, so "co-production" matches "coproduction" and
// "production". Apostrophes are dropped ("don't" → "dont"); "£5,000" → "5000".
func words(text string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() == 0 {
			return
		}
		w := strings.Trim(cur.String(), "-")
		cur.Reset()
		if w == "" {
			return
		}
		w = fold(w)
		if strings.Contains(w, "-") {
			joined := strings.ReplaceAll(w, "-", "")
			out = append(out, fold(joined))
			for _, p := range strings.Split(w, "-") {
				if p != "" {
					out = append(out, fold(p))
				}
			}
			return
		}
		out = append(out, w)
	}
	rs := []rune(strings.ToLower(text))
	for i, r := range rs {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur.WriteRune(r)
		case r == '-' && cur.Len() > 0:
			cur.WriteRune(r)
		case (r == ',' || r == '.') && cur.Len() > 0 && i+1 < len(rs) && unicode.IsDigit(rs[i+1]) && i > 0 && unicode.IsDigit(rs[i-1]):
			// thousands separators and decimals stay inside numbers
			if r == '.' {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '’':
			// drop apostrophes inside words
		default:
			flush()
		}
	}
	flush()
	return out
}

// stem reduces a folded word to its Snowball (Porter2) English stem.
func stem(w string) string {
	if len(w) <= 3 || !isAlpha(w) {
		return w
	}
	return english.Stem(w, false)
}

func isAlpha(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// terms turns text into the stemmed, folded, stopword-free terms the index
// stores. Order is kept so phrases (synonyms) can be found.
func terms(text string) []string { return stemmer(nil).terms(text) }

// stemmer remembers the stems it has worked out. Building an index stems
// every word of every entry, and the same few thousand words recur, so
// Build shares one for the whole build; a nil stemmer remembers nothing.
type stemmer map[string]string

// lookupTerms is terms for a stemmer shared by concurrent searches: it
// reads the memo the index was built with and never writes it, so a word
// an entry uses is stemmed once at build time, not on every question.
func (st stemmer) lookupTerms(text string) []string {
	ws := words(text)
	out := ws[:0]
	for _, w := range ws {
		if stopwords[w] {
			continue
		}
		s, ok := st[w]
		if !ok {
			s = stem(w)
		}
		out = append(out, s)
	}
	return out
}

func (st stemmer) terms(text string) []string {
	ws := words(text)
	out := ws[:0]
	for _, w := range ws {
		if stopwords[w] {
			continue
		}
		if st == nil {
			out = append(out, stem(w))
			continue
		}
		s, ok := st[w]
		if !ok {
			s = stem(w)
			st[w] = s
		}
		out = append(out, s)
	}
	return out
}

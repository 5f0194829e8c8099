package safety

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// contractions are expanded while the apostrophe is still there, so "he'll"
// becomes "he will" and is not mistaken for "hell".
var contractions = strings.NewReplacer(
	"won't", "will not", "can't", "can not", "shan't", "shall not", "n't", " not", "'ll", " will", "'re", " are", "'ve", " have", "'m", " am", "'d", " would",
	"he's", "he is", "she's", "she is", "it's", "it is", "that's", "that is", "there's", "there is",
	"what's", "what is", "who's", "who is", "they's", "they is", "let's", "let us",
	"tonight's", "tonight is", "today's", "today is", "tomorrow's", "tomorrow is", "life's", "life is",
	"everything's", "everything is", "nothing's", "nothing is", "this's", "this is", "here's", "here is",
	"where's", "where is", "how's", "how is", "harm's", "harm is", "cutting's", "cutting is",
)

// isBefore and hasBefore read "'s" after a name as "is" before a verb in
// -ing ("partner's hitting me") and as "has" before been, gone or got
// ("her fella's been violent"); elsewhere it is possessive and dropped.
var (
	isBefore  = regexp.MustCompile(`(\pL)'s (\pL+ing)\b`)
	hasBefore = regexp.MustCompile(`(\pL)'s (been|gone|got)\b`)
)

// eitherWay reads "can or can't do it" as the question it is: its "can
// not do it" is one of two choices, not the writer saying they cannot go on.
var eitherWay = regexp.MustCompile(`(?:^|\W)(can|could|will|would|should|do|does|did) or (?:can|could|will|would|should|do|does|did) not\b`)

// replaceNear replaces re's matches only where sep occurs, reading a few
// bytes either side (before bytes before, and words words after): the
// patterns above run over a whole message backtracked at every letter,
// which made a long message's normalising the screen's largest cost.
// re's first group is kept, followed by with and its second group if it
// has one.
func replaceNear(t, sep string, before, words int, re *regexp.Regexp, with string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(t); {
		j := strings.Index(t[i:], sep)
		if j < 0 {
			break
		}
		j += i
		i = j + len(sep)
		start := max(j-before, last)
		end := i
		for w := 0; w < words && end < len(t); w++ {
			for end++; end < len(t) && t[end] != ' '; end++ {
			}
		}
		m := re.FindStringSubmatchIndex(t[start:min(end+1, len(t))])
		if m == nil {
			continue
		}
		b.WriteString(t[last : start+m[2]])
		b.WriteString(t[start+m[2] : start+m[3]])
		b.WriteString(with)
		if len(m) > 4 && m[4] >= 0 {
			b.WriteString(t[start+m[4] : start+m[5]])
		}
		last = start + m[1]
		i = max(i, last)
	}
	if last == 0 {
		return t
	}
	b.WriteString(t[last:])
	return b.String()
}

// quotes folds curly and stray apostrophes to the plain one before the
// contractions are expanded.
var quotes = strings.NewReplacer("’", "'", "‘", "'", "`", "'", "´", "'")

// emoji stand for words people leave out.
var emoji = strings.NewReplacer(
	"🌉", " bridge ", "🔪", " knife ", "🩸", " blood ", "🪢", " rope ", "🌊", " water ", "💊", " pills ",
	"⚰️", " coffin ", "⚰", " coffin ", "🔫", " gun ", "🪦", " grave ", "🚆", " train ", "🚂", " train ", "🚄", " train ",
)

// spelling maps one written token to its plain form: text-speak, dialect,
// dropped apostrophes and common misspellings. A value may be several
// words. The screen reads the plain form only, so every pattern is written
// once, in standard English.
var spelling = map[string]string{
	// dropped apostrophes
	"im": "i am", "ive": "i have", "id": "i would", "youre": "you are", "hes": "he is", "shes": "she is",
	"theyre": "they are", "theyve": "they have", "theyll": "they will", "theyd": "they would",
	"dont": "do not", "doesnt": "does not", "didnt": "did not", "cant": "can not", "cannot": "can not",
	"wont": "will not", "wouldnt": "would not", "couldnt": "could not", "shouldnt": "should not",
	"isnt": "is not", "arent": "are not", "wasnt": "was not", "werent": "were not", "havent": "have not",
	"hasnt": "has not", "hadnt": "had not", "aint": "is not", "whats": "what is", "thats": "that is",
	"itll": "it will", "ill": "i will", "iam": "i am", "ima": "i am going to", "imma": "i am going to",
	// text-speak and shorthand
	// "ctb" stays as it is: spelt out it would read as an ordinary bus
	// journey ("I'll catch the bus tonight"), and the lexicon matches it.
	"kms": "kill myself", "kmsl": "kill myself", "unalive": "kill", "unaliving": "killing",
	"unalived": "killed", "sewerslide": "suicide", "su1c1de": "suicide", "wanna": "want to", "wana": "want to",
	"gonna": "going to", "gona": "going to", "gunna": "going to", "gnna": "going to", "tryna": "trying to",
	"gotta": "got to", "hafta": "have to", "wantae": "want to", "gonnae": "going to", "tae": "to",
	"u": "you", "ur": "your", "r": "are", "ya": "you", "rn": "right now", "atm": "at the moment",
	"tonite": "tonight", "2nite": "tonight", "2night": "tonight", "tnite": "tonight", "tonght": "tonight", "tonigt": "tonight",
	"tmrw": "tomorrow", "tmr": "tomorrow", "tmw": "tomorrow", "2moro": "tomorrow", "2morrow": "tomorrow", "tomoz": "tomorrow",
	"tomorow": "tomorrow", "tommorow": "tomorrow", "anymore": "any more", "nomore": "no more", "cos": "because", "coz": "because",
	"cuz": "because", "bc": "because", "bcos": "because", "ppl": "people", "abt": "about", "wud": "would", "cud": "could",
	"shud": "should", "tbh": "to be honest", "idk": "i do not know", "dnt": "do not", "wnt": "want", "jus": "just",
	"jst": "just", "od": "overdose", "oding": "overdosing", "odd": "odd", "oded": "overdosed", "odin": "overdosing",
	"tabs": "tablets", "pils": "pills", "nothin": "nothing", "goin": "going", "tryin": "trying", "endin": "ending",
	"killin": "killing", "feelin": "feeling", "livin": "living", "doin": "doing", "somethin": "something", "nuthin": "nothing",
	"cutin": "cutting", "cuttin": "cutting", "thinkin": "thinking", "sayin": "saying", "wiv": "with", "w": "with",
	"pls": "please", "plz": "please", "msg": "message", "msgs": "messages", "b4": "before", "gd": "good", "gn": "goodnight",
	"bye": "goodbye", "byee": "goodbye", "cya": "goodbye", "goodbyes": "goodbye", "txt": "text", "txted": "texted",
	"bf": "boyfriend", "gf": "girlfriend", "bro": "brother", "sis": "sister", "m8": "mate", "mum": "mum", "ma": "my",
	"wi": "with", "oot": "out", "heid": "head", "masel": "myself", "mysel": "myself", "maself": "myself", "meself": "myself",
	"myslef": "myself", "mysef": "myself", "myselfe": "myself", "mself": "myself", "hisself": "himself", "themself": "themselves",
	"cannae": "can not", "canny": "can not", "cant't": "can not", "dinnae": "do not", "divnae": "do not", "didnae": "did not",
	"wasnae": "was not", "isnae": "is not", "couldnae": "could not", "wouldnae": "would not", "havnae": "have not",
	"havenae": "have not", "willnae": "will not", "wullnae": "will not", "naw": "no", "nae": "no", "aye": "yes",
	"suicde": "suicide", "sucide": "suicide", "suicid": "suicide", "suiside": "suicide", "suicied": "suicide",
	"suacide": "suicide", "sucidal": "suicidal", "suicidle": "suicidal", "suicidel": "suicidal", "sucicidal": "suicidal",
	"suisidal": "suicidal", "suicdal": "suicidal", "suicital": "suicidal", "sucidial": "suicidal",
	"overdoes": "overdose", "overdos": "overdose", "overdoze": "overdose", "tabelts": "tablets", "tablts": "tablets",
	"paracetamol": "paracetamol", "kil": "kill", "kil1": "kill", "die.": "die", "dieing": "dying", "dyin": "dying",
	"goodby": "goodbye", "gudbye": "goodbye", "goodbey": "goodbye", "selfharm": "self harm", "selfharming": "self harming",
	"sh": "self harm", "sh'ing": "self harming", "shing": "self harming", "hurtin": "hurting", "alive.": "alive",
	"wnna": "want to", "wantto": "want to", "wannna": "want to", "evryone": "everyone", "every1": "everyone",
	"every1s": "everyone is", "no1": "no one", "some1": "someone", "any1": "anyone", "noone": "no one",
	"b": "be", "c": "see", "y": "why", "k": "ok", "gud": "good", "luv": "love", "wen": "when", "wat": "what",
	"wot": "what", "tho": "though", "thru": "through", "gotten": "got", "outta": "out of", "kinda": "kind of",
	"sorta": "sort of", "widnae": "would not", "morra": "tomorrow", "bleedin": "bleeding", "stoppin": "stopping", "bin": "been", "havin": "having", "burnin": "burning", "jumpin": "jumping", "cba": "can not be bothered", "cbf": "can not be bothered", "oan": "on", "jist": "just", "maw": "mum", "ahm": "i am", "ah": "i", "frae": "from", "lotta": "lot of", "wasn't": "was not", "alright": "alright",
	// Scots, Geordie, Yorkshire and Welsh English the lexicon does not
	// otherwise read, and typos seen in fast, distressed typing.
	"aw": "all", "whit": "what", "naebody": "nobody", "naeb": "nobody", "cheerio": "goodbye", "happenin": "happening", "o": "of", "noo": "now", "gey": "very", "voddy": "vodka", "vodders": "vodka", "dae": "do", "intae": "into", "himsel": "himself", "hersel": "herself", "anymair": "any more",
	"aff": "off", "doon": "down", "reet": "right", "nowt": "nothing", "owt": "anything", "summat": "something", "greetin": "crying",
	"anymroe": "any more", "anymor": "any more", "lfe": "life", "evrything": "everything", "everythin": "everything", "evrythin": "everything", "evrythng": "everything", "cupbrd": "cupboard", "cupbord": "cupboard", "cubbord": "cupboard", "tak": "take",
	"h8": "hate", "tuk": "took", "gna": "going to", "evry1": "everyone", "evry1s": "everyone is", "cnt": "can not", "szn": "season", "givin": "giving",
}

// tokens are the words of one clause in their plain form.
type tokens []string

// normalise lowercases a message, expands contractions and text-speak, and
// splits it into clauses of plain words. Clauses end at sentence
// punctuation, line breaks and words that start a new thought ("also",
// "btw"), so a crisis tucked in after an ordinary question is read on its
// own.
func normalise(text string) []tokens {
	return normaliseFolded(fold(text))
}

// fold lowercases a message and folds its apostrophes, the form every
// step of reading a message starts from.
func fold(text string) string {
	return quotes.Replace(strings.ToLower(text))
}

// normaliseFolded is normalise for a message already folded.
func normaliseFolded(t string) []tokens {
	t = mentions(t)
	t = quoteEnds(t)
	t = quoteMarks(t)
	// A letter before "'s" may take up to four bytes.
	t = replaceNear(t, "'s ", 4, 1, isBefore, " is ")
	t = replaceNear(t, "'s ", 4, 1, hasBefore, " has ")
	t = contractions.Replace(t)
	t = replaceNear(t, " or ", 7, 2, eitherWay, " or not")
	t = emoji.Replace(t)
	var clauses []tokens
	var cur tokens
	var word strings.Builder
	flushWord := func() {
		if word.Len() == 0 {
			return
		}
		w := squeeze(word.String())
		word.Reset()
		if plain, ok := spelling[w]; ok {
			cur = append(cur, strings.Fields(plain)...)
			return
		}
		cur = append(cur, w)
	}
	flushClause := func() {
		flushWord()
		if len(cur) > 0 {
			pastPerfect(cur)
			clauses = append(clauses, cur)
			cur = nil
		}
	}
	prev := rune(0)
	// aside is where a short parenthesis closes: "(Skipton)" or "(the
	// treasurer)" is part of the sentence around it, not a clause of its
	// own, so its brackets are read as spaces.
	aside := -1
	for i, r := range t {
		if r == '(' {
			if j := strings.IndexByte(t[i:], ')'); j > 0 && j <= 40 && strings.Count(t[i:i+j], " ") <= 3 && !strings.ContainsAny(t[i:i+j], ".!?") {
				aside = i + j
				flushWord()
				continue
			}
		}
		if i == aside {
			flushWord()
			continue
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			word.WriteRune(r)
		case r == ':' && unicode.IsDigit(prev) && i+1 < len(t) && t[i+1] >= '0' && t[i+1] <= '9':
			// A time ("the 6:40") is one word, not the end of a clause.
			word.WriteRune(r)
		case r == '\'':
			// An apostrophe left after contractions is possessive or
			// dropped: "member's" reads as "member" (squeeze drops the
			// lone "s" that follows).
			flushWord()
		case r == '.' || r == '!' || r == '?' || r == ';' || r == '\n' || r == '—' || r == '–' || r == ':' || r == '(' || r == ')' || unicode.Is(unicode.So, r):
			// An emoji ends a thought as a full stop does ("goodbye
			// everyone ❤️ you were the best").
			flushClause()
		default:
			flushWord()
		}
		prev = r
	}
	flushClause()
	// Split again at words that start a new thought.
	var out []tokens
	for _, c := range clauses {
		start := 0
		for i, w := range c {
			if i > start && (w == "also" || w == "btw" || w == "anyway" || w == "ps" || w == "oh" && i+1 < len(c) && c[i+1] == "and") {
				out = append(out, c[start:i])
				start = i
			}
		}
		out = append(out, c[start:])
	}
	for i, c := range out {
		out[i] = fixTo(c)
	}
	return out
}

// quoteMarks blanks apostrophes used as quotation marks, which have no
// letter on one side ("she said she's 'ready to go'"), so that the
// contractions do not read "'ready" as "are" and "ady".
func quoteMarks(t string) string {
	if !strings.Contains(t, "'") {
		return t
	}
	rs := []rune(t)
	changed := false
	for i, r := range rs {
		if r != '\'' {
			continue
		}
		if i == 0 || i == len(rs)-1 || !unicode.IsLetter(rs[i-1]) || !unicode.IsLetter(rs[i+1]) {
			rs[i] = ' '
			changed = true
		}
	}
	if !changed {
		return t
	}
	return string(rs)
}

// squeeze shortens letters repeated three or more times ("sooo", "pleeease")
// to one, so drawn-out words match their plain form.
func squeeze(w string) string {
	// Most words have no letter three times running: they are returned
	// as they are, without the copies below.
	plain := true
	for i := 0; i < len(w) && plain; i++ {
		plain = w[i] < utf8.RuneSelf && (i < 2 || w[i] != w[i-1] || w[i] != w[i-2])
	}
	if plain && w != "s" {
		return w
	}
	rs := []rune(w)
	if len(rs) < 3 {
		if w == "s" {
			return ""
		}
		return w
	}
	out := rs[:0:0]
	for i := 0; i < len(rs); i++ {
		n := 1
		for i+n < len(rs) && rs[i+n] == rs[i] {
			n++
		}
		if n >= 3 {
			out = append(out, rs[i])
		} else {
			out = append(out, rs[i:i+n]...)
		}
		i += n - 1
	}
	return string(out)
}

// fixTo reads "2" as "to" after the verbs it follows in text-speak ("going
// 2 end it"), and drops empty tokens.
func fixTo(c tokens) tokens {
	out := c[:0]
	for i, w := range c {
		if w == "" {
			continue
		}
		if w == "2" && i > 0 && toVerbs[c[i-1]] {
			w = "to"
		}
		out = append(out, w)
	}
	return out
}

var toVerbs = map[string]bool{"going": true, "want": true, "need": true, "try": true, "trying": true, "about": true, "ready": true, "have": true, "got": true, "decided": true, "planning": true, "plan": true}

// reportVerbs end the words before a quotation that someone else said or
// wrote ("she texted", "he keeps saying", "posted in the group that"),
// longest first so that "keeps saying" is one verb; reportObjects may follow
// them, each after one space, then "that" and spaces, commas or colons.
// They are matched from the end by hand: as one pattern run before every
// quotation of a long message it backtracked at every letter.
var (
	reportVerbs   = []string{"keeps saying", "kept saying", "was like", "said", "says", "say", "saying", "texted", "texts", "text", "posted", "posts", "messaged", "messages", "wrote", "writes", "put", "sent", "told", "tells", "went", "goes", "screamed", "shouted", "whispered", "replied"}
	reportObjects = []string{"me", "us", "him", "her", "them", "the group", "in the chat", "on the chat", "in the group", "on whatsapp", "on facebook", "on discord", "on the discord"}
)

// reportVerbAt is where the reporting verb that ends s begins, or -1.
func reportVerbAt(s string) int {
	e := len(strings.TrimRight(s, " ,:"))
	if strings.HasSuffix(s[:e], " that") {
		e -= len(" that")
	}
	for stripped := true; stripped; {
		stripped = false
		for _, o := range reportObjects {
			if strings.HasSuffix(s[:e], " "+o) {
				e -= len(o) + 1
				stripped = true
				break
			}
		}
	}
	if start := verbEndingAt(s, e); start >= 0 {
		return start
	}
	// "said quietly", "posted at 2am in our discord": up to six words of
	// when, where and how may come between the verb and the quotation.
	for n := 0; n < 6; n++ {
		k := strings.LastIndexByte(s[:e], ' ')
		if w := s[k+1 : e]; !reportFiller[w] && !clockTime(w) {
			return -1
		}
		e = len(strings.TrimRight(s[:k+1], " ,:"))
		if start := verbEndingAt(s, e); start >= 0 {
			return start
		}
		if k < 0 {
			break
		}
	}
	return -1
}

// verbEndingAt is where a reporting verb that ends s[:e] begins, or -1.
func verbEndingAt(s string, e int) int {
	for _, v := range reportVerbs {
		if start := e - len(v); strings.HasSuffix(s[:e], v) && (start == 0 || !isWordByte(s[start-1])) {
			return start
		}
	}
	return -1
}

// reportFiller are the words of when, where and how that may stand between
// a reporting verb and its quotation.
var reportFiller = map[string]bool{"quietly": true, "again": true, "earlier": true, "tonight": true, "today": true,
	"yesterday": true, "at": true, "in": true, "on": true, "the": true, "our": true, "their": true, "his": true, "her": true,
	"group": true, "chat": true, "discord": true, "whatsapp": true, "facebook": true, "server": true, "channel": true,
	"midnight": true, "night": true, "last": true, "this": true, "morning": true, "evening": true, "afternoon": true,
	"to": true, "me": true, "us": true, "him": true, "them": true, "everyone": true, "all": true, "something": true,
	"like": true, "out": true, "loud": true, "just": true, "then": true}

// clockTime is a time of day such as "2am" or "11.30pm".
func clockTime(w string) bool {
	if !strings.HasSuffix(w, "am") && !strings.HasSuffix(w, "pm") || len(w) < 3 {
		return false
	}
	for _, r := range w[:len(w)-2] {
		if (r < '0' || r > '9') && r != '.' && r != ':' {
			return false
		}
	}
	return true
}

// firstPersonInQuote turns a quotation's first person into the third:
// what a member wrote is about the member, so "she said 'I want to die'"
// reads as "she said they want to die" and gets the someone-else reply.
var firstPersonInQuote = strings.NewReplacer(
	"i'm ", "they are ", "im ", "they are ", "i am ", "they are ", "i've ", "they have ", "ive ", "they have ",
	"i'll ", "they will ", "i'd ", "they would ", "i ", "they ", "me ", "them ", "my ", "their ",
	"myself ", "themselves ", "mine ", "theirs ", "am ", "are ",
)

// reportedSpeech rewrites the first person of a quotation that someone
// other than the writer said or wrote ("he posted 'I'm going tonight'")
// into the third person. The writer's own words in quotes ("I said 'I'm
// fine'") and a quotation with no reporting verb before it stay as they
// are. t is lower case with apostrophes folded; ok is false when nothing
// was rewritten.
func reportedSpeech(t string) (string, bool) {
	if !strings.ContainsAny(t, "'\"“”") {
		return t, false
	}
	rs := []rune(t)
	var out strings.Builder
	last := 0
	for i := 0; i < len(rs); i++ {
		if !quoteMark(rs, i) {
			continue
		}
		end := -1
		for j := i + 1; j < len(rs); j++ {
			if quoteMark(rs, j) && (rs[j] == rs[i] || rs[i] == '“' && rs[j] == '”' || rs[i] != '\'' && rs[j] != '\'') {
				end = j
				break
			}
		}
		if end < 0 {
			break
		}
		if reportedByOther(string(rs[:i])) {
			out.WriteString(string(rs[last : i+1]))
			inner := firstPersonInQuote.Replace(" " + string(rs[i+1:end]) + " ")
			out.WriteString(inner[1 : len(inner)-1])
			last = end
		}
		i = end
	}
	if last == 0 {
		return t, false
	}
	out.WriteString(string(rs[last:]))
	return out.String(), true
}

// reportedByOther says whether the text before a quotation ends with a
// reporting verb whose subject is not the writer.
func reportedByOther(before string) bool {
	if k := strings.LastIndexAny(before, ".!?\n"); k >= 0 {
		before = before[k+1:]
	}
	at := reportVerbAt(before)
	if at < 0 {
		return false
	}
	words := strings.FieldsFunc(before[:at], func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
	// The subject is the last noun or pronoun before the verb, past
	// adverbs such as "just" and "literally".
	for k := len(words) - 1; k >= 0; k-- {
		switch words[k] {
		case "just", "literally", "only", "then", "has", "have", "had", "also", "actually", "basically", "keeps", "kept", "always", "and", "who":
			continue
		case "i", "i've", "ive", "we", "we've":
			return false
		}
		return true
	}
	return false
}

// reportTail is as many characters before a quotation as a reporting verb
// and its objects ("told us in the group on whatsapp that") can take.
const reportTail = 120

// tailWords is the end of s, at most n bytes of it, from the start of a
// word: the text before each quotation of a long message is not copied
// whole to find the verb at its end.
func tailWords(s string, n int) string {
	if len(s) <= n {
		return s
	}
	t := s[len(s)-n:]
	if i := strings.IndexByte(t, ' '); i >= 0 {
		return t[i+1:]
	}
	return t
}

// aboutWords say a message talks about words themselves: a short quotation
// in it ("is 'kms' something we should moderate?", "why do people say
// 'commit suicide'?") is mentioned, not meant. They are looked up word by
// word rather than with one pattern over the message, which cost a long
// message more than the rest of its reading.
var aboutWords = map[string]bool{
	"phrase": true, "phrases": true, "word": true, "words": true, "term": true, "terms": true,
	"language": true, "wording": true, "expression": true, "expressions": true, "slang": true,
	"acronym": true, "acronyms": true, "abbreviation": true, "abbreviations": true,
	"moderate": true, "moderating": true, "moderation": true, "ban": true, "banned": true,
	"filter": true, "swearword": true, "swearwords": true,
}

// aboutWordPairs are the same for two words in a row; "of saying" counts
// only after "instead".
var aboutWordPairs = map[[2]string]bool{
	{"stand", "for"}: true, {"stands", "for"}: true, {"mean", "by"}: true, {"say", "instead"}: true,
	{"swear", "word"}: true, {"swear", "words"}: true, {"of", "saying"}: true,
}

// talksAboutWords reports whether t, lower case, has one of aboutWords.
// Words are runs of ASCII letters, digits and underscores, as a pattern's
// \b reads them.
func talksAboutWords(t string) bool {
	// prev and prev2 are the words before, "" when not one space away.
	var prev, prev2 string
	prevEnd := -1
	for i := 0; i < len(t); {
		if !isWordByte(t[i]) {
			i++
			continue
		}
		j := i
		for j < len(t) && isWordByte(t[j]) {
			j++
		}
		w := t[i:j]
		if prevEnd < 0 || t[prevEnd:i] != " " {
			prev, prev2 = "", ""
		}
		if aboutWords[w] || aboutWordPairs[[2]string{prev, w}] && (prev != "of" || prev2 == "instead") {
			return true
		}
		prev2, prev = prev, w
		prevEnd = j
		i = j
	}
	return false
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_'
}

// mentions blanks short quotations in a message that talks about words, so
// that the words quoted are not read as the writer's. t is lower case with
// apostrophes folded.
func mentions(t string) string {
	if !strings.ContainsAny(t, "'\"“”") {
		return t
	}
	rs := []rune(t)
	var spans [][2]int
	for i := 0; i < len(rs); i++ {
		if !quoteMark(rs, i) {
			continue
		}
		for j := i + 1; j < len(rs) && j-i <= 40; j++ {
			if quoteMark(rs, j) {
				// A quotation in the first person may be the writer's
				// own words ("'I want to die' is all I can say"), and is
				// kept.
				if q := strings.Fields(string(rs[i+1 : j])); len(q) <= 4 && !slices.ContainsFunc(q, isFirstPerson) {
					spans = append(spans, [2]int{i + 1, j})
				}
				i = j
				break
			}
		}
	}
	// Whether the message talks about words is asked last: over a long
	// message the pattern costs more than finding its quotations.
	if len(spans) == 0 || !talksAboutWords(t) {
		return t
	}
	for _, sp := range spans {
		for k := sp[0]; k < sp[1]; k++ {
			rs[k] = ' '
		}
	}
	return string(rs)
}

func isFirstPerson(w string) bool {
	switch strings.Trim(w, ",.!?") {
	case "i", "i'm", "im", "i've", "ive", "i'll", "i'd", "me", "my", "myself", "mine":
		return true
	}
	return false
}

// quoteEnds ends a clause where a quotation of two words or more closes,
// unless a reporting verb introduces it: "she left saying she was 'going
// to finish it' and gave her bracelet away" reads the quotation as a
// thought of its own, as it was said.
func quoteEnds(t string) string {
	if !strings.ContainsAny(t, "'\"“”") {
		return t
	}
	rs := []rune(t)
	letter := func(i int) bool { return i >= 0 && i < len(rs) && unicode.IsLetter(rs[i]) }
	// ends are the quotations' closing marks a full stop follows; most
	// messages have none, and are returned as they came.
	var ends []int
	open := -1
	for i, r := range rs {
		switch {
		case r == '“' || (r == '"' || r == '\'') && open < 0 && !letter(i-1) && letter(i+1):
			open = i
		case open >= 0 && (r == '”' || r == rs[open] || rs[open] == '“' && r == '"') && !letter(i+1):
			// Straight after "posted" or "said" the quotation is what
			// the clause reports, and what follows is still about it
			// ("posted 'had a good innings' and nobody can reach him").
			if len(strings.Fields(string(rs[open+1:i]))) >= 2 && reportVerbAt(tailWords(string(rs[max(open-reportTail, 0):open]), reportTail)) < 0 {
				ends = append(ends, i)
			}
			open = -1
		}
	}
	if len(ends) == 0 {
		return t
	}
	out := make([]rune, 0, len(rs)+len(ends))
	last := 0
	for _, i := range ends {
		out = append(append(out, rs[last:i+1]...), '.')
		last = i + 1
	}
	return string(append(out, rs[last:]...))
}

// quoteMark says whether rs[i] is a quotation mark: a double quote, or an
// apostrophe with no letter on one side.
func quoteMark(rs []rune, i int) bool {
	switch rs[i] {
	case '"', '“', '”':
		return true
	case '\'':
		return i == 0 || i == len(rs)-1 || !unicode.IsLetter(rs[i-1]) || !unicode.IsLetter(rs[i+1])
	}
	return false
}

// pastPerfect reads the "'d" that contractions made "would" as "had"
// where a past participle follows: "she'd tried", "they'd been planning"
// tell of a time before, which "would" would turn into a wish.
func pastPerfect(ws tokens) {
	for i := 0; i+1 < len(ws); i++ {
		if ws[i] == "would" && participles[ws[i+1]] {
			ws[i] = "had"
		}
	}
}

var participles = map[string]bool{"been": true, "tried": true, "taken": true, "wanted": true, "had": true, "done": true,
	"gone": true, "said": true, "thought": true, "planned": true, "attempted": true, "overdosed": true, "told": true,
	"felt": true, "lost": true, "got": true, "gotten": true, "started": true, "stopped": true, "written": true, "left": true,
	"found": true, "seen": true, "harmed": true, "made": true, "kept": true, "bought": true, "saved": true, "stockpiled": true,
	"swallowed": true, "died": true, "decided": true, "already": true}

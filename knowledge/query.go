package knowledge

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// Query is what a message asks, read the way a person would: the text to
// search, the main question, a second question if there is one, and the
// nation its places point to.
type Query struct {
	// Text is the whole message with places taken out and shorthand
	// rewritten: what is searched.
	Text string
	// Main is the question the message asks, with places and shorthand
	// rewritten.
	Main string
	// Other is a second question asked in the same message, if any.
	Other string
	// Jurisdiction is the nation the message names or places itself in,
	// or "".
	Jurisdiction string
}

//go:embed gazetteer.tsv
var gazetteerTSV []byte

// Gazetteer maps UK places to their nation.
type Gazetteer struct {
	places map[string]string
	// longest is the most words in any place name.
	longest int
}

// DefaultGazetteer is the gazetteer shipped in gazetteer.tsv.
func DefaultGazetteer() (*Gazetteer, error) { return ParseGazetteer(gazetteerTSV) }

// ParseGazetteer reads "name<TAB>nation" lines; # starts a comment.
func ParseGazetteer(data []byte) (*Gazetteer, error) {
	g := &Gazetteer{places: map[string]string{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		name, nation, ok := strings.Cut(text, "\t")
		if !ok || !contains(Jurisdictions, strings.TrimSpace(nation)) {
			return nil, fmt.Errorf("gazetteer line %d: want name<TAB>nation, nation one of %s", line, strings.Join(Jurisdictions, ", "))
		}
		key := placeKey(name)
		g.places[key] = strings.TrimSpace(nation)
		if n := len(strings.Fields(key)); n > g.longest {
			g.longest = n
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read gazetteer: %w", err)
	}
	return g, nil
}

// placeKey is the form places are looked up in: lowercase words of letters
// only, so "Stoke-on-Trent" and "stoke on trent" are one place.
func placeKey(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }), " ")
}

// Len is the number of places known.
func (g *Gazetteer) Len() int { return len(g.places) }

// find returns the nations of places named in text, and the text with the
// place names taken out: a place says where a group is, not what it asks.
func (g *Gazetteer) find(text string) (string, map[string]bool) {
	ws := strings.FieldsFunc(text, func(r rune) bool { return unicode.IsSpace(r) })
	nations := map[string]bool{}
	keep := make([]bool, len(ws))
	for i := range keep {
		keep[i] = true
	}
	for i := 0; i < len(ws); i++ {
		for n := g.longest; n >= 1; n-- {
			if i+n > len(ws) {
				continue
			}
			key := placeKey(strings.Join(ws[i:i+n], " "))
			if key == "" {
				continue
			}
			if nation, ok := g.places[key]; ok {
				nations[nation] = true
				for j := i; j < i+n; j++ {
					keep[j] = false
				}
				i += n - 1
				break
			}
		}
	}
	var out []string
	for i, w := range ws {
		if keep[i] {
			out = append(out, w)
		} else if tail := w[len(strings.TrimRight(w, "?.!,")):]; tail != "" {
			// "Leeds?" loses the place but keeps the question mark.
			out = append(out, tail)
		}
	}
	return strings.Join(out, " "), nations
}

var (
	// Naming a nation, its regulator or its schemes overrides the place.
	// Each nation's parliament members and bodies name it too ("lobby our
	// MLAs", "the Western Trust area", "our MSP"). "NI" alone is also
	// National Insurance, so it names Northern Ireland only where a place
	// would stand ("here in NI", "an NI charity"), and not after paying.
	nationWords = []struct {
		re, not *regexp.Regexp
		j       string
	}{
		{re: regexp.MustCompile(`(?i)\b(northern ireland|n\.? ?ireland|ni charity|ccni|accessni|norn iron|mlas?|stormont|(?:western|southern|northern|south eastern|belfast) (?:hsc )?trust|hsc trusts?|(?:in|from|across|throughout|over in|here in|based in|up in|out in) ni|an? ni (?:charit(?:y|ies)|groups?|organisations?)|ni (?:charit(?:y|ies)|law|rules|regulator|version|guidance))\b`),
			not: regexp.MustCompile(`(?i)\b(?:pay|pays|paid|paying|owe|owed|save|saved|deducted|taken off)\b[^.?!]{0,20}\bin ni\b`), j: "northern-ireland"},
		{re: regexp.MustCompile(`(?i)\b(scotland|scottish|oscr|scio|pvg|disclosure scotland|msps?|holyrood|hscps?|health and social care partnerships?)\b`), j: "scotland"},
		{re: regexp.MustCompile(`(?i)\b(wales|welsh|cymru|senedd)\b`), j: "wales"},
		{re: regexp.MustCompile(`(?i)\b(england|english)\b`), j: "england"},
	}
	// "is it the same as in England?", "moved from England": a nation
	// named to compare with, or left behind, says nothing of where the
	// group is; a place named in the same message decides.
	comparedNation = regexp.MustCompile(`(?i)\b(?:(?:the )?same as|like|unlike|than|compared (?:to|with)|different (?:from|to|than)|moved (?:up |down |over )?from|came (?:up |down |over )?from|back in|used to (?:be|live|run a group) in)\s+(?:(?:in|up in|down in|over in)\s+)?(?:northern ireland|scotland|wales|england)\b`)
	// "everything I read is English", "that's England isn't it?", "the
	// Scottish guides": a nation named as where the advice came from, not
	// where the group is; again a place in the same message decides.
	referencedNation = regexp.MustCompile(`(?i)\b(?:(?:is|are|all|were|was|mostly|only)\s+(?:english|scottish|welsh)\b|(?:that's|thats|that is|it's|its|is that|isn't that|aren't they|they're|theyre|they are)\s+(?:only\s+|just\s+|all\s+)?(?:for\s+|in\s+)?(?:england|scotland|wales|northern ireland)\b|(?:english|scottish|welsh)\s+(?:ones?|guides?|guidance|rules?|stuff|websites?|sites?|version|info|information|advice|numbers?|helplines?|law|laws|system)\b)`)
	// "in Little Snoring", "from Upper Slaughter": a capitalised place the
	// gazetteer does not know is still a place, and is dropped rather than
	// searched as a word no entry contains.
	unknownPlace = regexp.MustCompile(`\b(?:in|from|near|outside|round|around|based in|up in|down in|over in)\s+((?:[A-Z][\p{L}'’]+)(?:[ -](?:upon|on|under|le|by|the|[A-Z][\p{L}'’]+))*)`)
	// Shorthand organisers use, rewritten to the words entries use.
	shorthand = []struct {
		re   *regexp.Regexp
		with string
	}{
		// A platform mention names a person, not a topic.
		{regexp.MustCompile(`<[@#!][^>]*>`), ""},
		{regexp.MustCompile(`(?i)£?\b(\d+(?:\.\d+)?)\s*(?:grand|k)\b`), "£${1},000"},
		{regexp.MustCompile(`(?i)\bthe books\b`), "the accounts"},
		{regexp.MustCompile(`(?i)\b(?:the )?charity regulator\b|\bthe regulator\b`), "the charity regulator"},
		{regexp.MustCompile(`(?i)\bthe council\b`), "the local council"},
		{regexp.MustCompile(`(?i)\bthe committee\b`), "the committee of trustees"},
		{regexp.MustCompile(`(?i)\bthe lottery\b`), "the National Lottery"},
		{regexp.MustCompile(`(?i)\bpolice checks?\b`), "criminal record check"},
		// What kind of group it is rarely changes the answer, and its words
		// ("hearing voices", "bipolar") would match entries whose examples
		// mention such groups.
		{regexp.MustCompile(`(?i)\b(?:(?:hearing voices|bipolar|anxiety|depression|ocd|eating disorders?|psychosis|grief|bereavement|men'?s|women'?s|lgbtq\+?|queer|trans|young (?:adults'?|people'?s)|autistic|adhd|neurodivergent|veterans'?|mums'?|dads'?|peer(?:[ -]support)?|mutual aid|mental health|recovery|well-?being|craft(?:ing)?|walking|gardening|art|music|sewing|knitting|football)\s+)+(?:support\s+)?(group|network|collective|circle|meet-?up|cafe|café|club|charity|project|drop[ -]in)\b`), "$1"},
	}
	sentenceEnd = regexp.MustCompile(`[.!?\n]+\s*|\s+(?:also|and also|btw|oh and|plus|secondly|2\))\s+`)
	questionish = regexp.MustCompile(`(?i)^(?:\d\)\s*)?(?:what|whats|what's|how|do|does|did|can|could|should|shall|is|are|was|were|who|whom|where|when|which|why|will|would|have|has|any|anyone|am|must|need|may|might|if|wondering|help|tell me|explain)\b`)
)

// notWhereWeAre removes the nations a message names only to compare with
// or as where its reading came from.
func notWhereWeAre(s string) string {
	return referencedNation.ReplaceAllString(comparedNation.ReplaceAllString(s, ""), "")
}

// regulators name each nation's charity regulator.
var regulators = map[string]string{
	"england":          "the Charity Commission",
	"wales":            "the Charity Commission",
	"scotland":         "OSCR, the Scottish Charity Regulator",
	"northern-ireland": "the Charity Commission for Northern Ireland",
}

// Understand reads a message as a question.
func Understand(msg string, g *Gazetteer) Query {
	var q Query
	text := msg
	for _, s := range shorthand {
		text = s.re.ReplaceAllString(text, s.with)
	}
	nations := map[string]bool{}
	if g != nil {
		// Places are looked for in the text without the nations it only
		// compares with; the text searched loses every place.
		_, found := g.find(notWhereWeAre(text))
		for n := range found {
			nations[n] = true
		}
		text, _ = g.find(text)
	}
	text = unknownPlace.ReplaceAllStringFunc(text, func(m string) string {
		sub := unknownPlace.FindStringSubmatch(m)
		return strings.TrimSuffix(m, sub[1])
	})
	named := msg
	if len(nations) > 0 {
		named = notWhereWeAre(msg)
	}
	for _, n := range nationWords {
		if n.re.MatchString(named) && (n.not == nil || !n.not.MatchString(named)) {
			q.Jurisdiction = n.j
			break
		}
	}
	if q.Jurisdiction == "" && len(nations) == 1 {
		for n := range nations {
			q.Jurisdiction = n
		}
	}
	// "The regulator" is a different body in each nation.
	if r, ok := regulators[q.Jurisdiction]; ok {
		text = strings.ReplaceAll(text, "the charity regulator", r)
	}
	q.Text = strings.TrimSpace(text)
	sentences := splitSentences(text)
	var questions []int
	isQuestion := map[int]bool{}
	for i, s := range sentences {
		if strings.HasSuffix(s, "?") || questionish.MatchString(s) {
			questions = append(questions, i)
			isQuestion[i] = true
		}
	}
	main := -1
	for _, i := range questions {
		if len(terms(sentences[i])) >= 1 {
			main = i
			break
		}
	}
	if main < 0 {
		q.Main = strings.TrimSpace(text)
		return q
	}
	q.Main = sentences[main]
	// "is that right?", "what do we do?": a question with too few words
	// of its own is about the sentence before it.
	if len(terms(q.Main)) < 2 && main > 0 {
		q.Main = sentences[main-1] + " " + q.Main
		main--
	}
	for i, s := range sentences {
		if s == "" || strings.Contains(q.Main, s) {
			continue
		}
		if q.Other == "" && i > main && isQuestion[i] && len(terms(s)) >= 2 {
			q.Other = s
		}
	}
	return q
}

// clauseQuestion finds ", do we ...", ", how do I ...": a question that
// follows backstory in the same sentence.
var clauseQuestion = regexp.MustCompile(`(?i)[,;:]\s+(?:and |but |so |just )?(?:do|does|did|can|could|should|is|are|was|how|what|whats|what's|who|where|when|which|will|would|have|has|must|am|any|if|anyone|need)\b`)

func splitSentences(text string) []string {
	var out []string
	for _, s := range splitAtEnds(text) {
		start := 0
		for _, m := range clauseQuestion.FindAllStringIndex(s, -1) {
			if part := strings.TrimSpace(s[start:m[0]]); part != "" {
				out = append(out, part)
			}
			start = m[0] + 1
		}
		if part := strings.TrimSpace(s[start:]); part != "" {
			out = append(out, part)
		}
	}
	for i, s := range out {
		out[i] = strings.TrimSpace(leadingConnector.ReplaceAllString(s, ""))
	}
	return out
}

// leadingConnector is "also", "and", "2)" before a sentence's own words.
var leadingConnector = regexp.MustCompile(`(?i)^(?:(?:also|and|plus|btw|oh and|secondly|another thing|\d\))[,:]?\s+)+`)

func splitAtEnds(text string) []string {
	var out []string
	idx := sentenceEnd.FindAllStringIndex(text, -1)
	start := 0
	for _, m := range idx {
		end := m[1]
		// Keep a question mark with its sentence.
		s := strings.TrimSpace(text[start:end])
		if s != "" {
			out = append(out, s)
		}
		start = end
	}
	if rest := strings.TrimSpace(text[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

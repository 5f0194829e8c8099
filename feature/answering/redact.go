package answering

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The gaps log (kb gaps) is read by moderators, who may know the person
// who asked. So an unanswered question is kept only in a form that names
// nobody: contact details and names are removed (redactPersonal), and a
// question about a disclosure, abuse or a named person is not kept at all
// (notForGapsLog). Both err on the side of removing too much: a question
// lost from the log costs a moderator one hint; a name kept could cost a
// member their privacy.

var (
	// ukPhone is a run of digits with the separators people type in UK
	// numbers: "07700-900123", "(0161) 496 0000", "+44 (0)20 7946 0018",
	// "07700.900.123". How many digits it holds decides (see phoneDigits).
	ukPhone = regexp.MustCompile(`[+(]?\d[\d\s().-]{6,}\d\)?`)
	// niNumber is a National Insurance number, spaced or not: QQ 12 34 56 C.
	niNumber = regexp.MustCompile(`(?i)\b[a-z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[a-d]\b`)
	// postcode is a UK postcode: M1 1AE, SW1A 2AA.
	postcode = regexp.MustCompile(`(?i)\b[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}\b`)
	// sortCode and longNumber catch bank details and other account numbers.
	sortCode   = regexp.MustCompile(`\b\d{2}[- ]\d{2}[- ]\d{2}\b`)
	longNumber = regexp.MustCompile(`\d{8,}`)
	// word is one word of a question, apostrophes included.
	word = regexp.MustCompile(`[\p{L}][\p{L}'’-]*`)

	// harm words mark a question about a disclosure or abuse.
	harm = regexp.MustCompile(`(?i)\b(disclos\w*|confided|confiding|in confidence|opened up to|abus\w*|assault\w*|rap(e|ed|es|ing|ist)|sexual\w*|molest\w*|groom(ed|ing|er)|neglect\w*|harass\w*|stalk(ed|ing|er|s)|coerc\w*|controlling behaviour|domestic violence|violen(ce|t)|exploit(ed|ation|ing)|traffick\w*|fgm|modern slavery|hit(s|ting)? (me|him|her|them)|beat(s|en|ing)? (me|him|her|them|up)|allegation\w*|alleged\w*|safeguarding concern\w*)\b`)
)

// phoneDigits is how many digits a UK phone number has: 10 or 11, 12 or
// 13 with the country code and the bracketed 0.
func phoneDigits(s string) bool {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n >= 9 && n <= 14
}

// redactPersonal replaces contact details, identity numbers and names in q
// with spaces.
func redactPersonal(q string) string {
	q = niNumber.ReplaceAllString(q, " ")
	q = ukPhone.ReplaceAllStringFunc(q, func(m string) string {
		if phoneDigits(m) {
			return " "
		}
		return m
	})
	q = sortCode.ReplaceAllString(q, " ")
	q = longNumber.ReplaceAllString(q, " ")
	q = postcode.ReplaceAllString(q, " ")
	spans := nameSpans(q)
	if len(spans) == 0 {
		return q
	}
	var sb strings.Builder
	last := 0
	for _, s := range spans {
		sb.WriteString(q[last:s[0]])
		sb.WriteByte(' ')
		last = s[1]
	}
	sb.WriteString(q[last:])
	return sb.String()
}

// notForGapsLog reports whether q must not be kept at all: it mentions a
// disclosure, abuse or a named person.
func notForGapsLog(q string) bool {
	return harm.MatchString(q) || len(nameSpans(q)) > 0
}

// nameSpans finds the byte ranges of people's names in q: a given name and
// the surname after it ("Sarah Jones", "priya sharma"), a title and the
// name after it ("Mr Okonkwo"), and a capitalised name after "called" or
// "named". Given names that are also ordinary words (Will, May, Grace)
// count only when capitalised and followed by a capitalised surname.
func nameSpans(q string) [][2]int {
	locs := word.FindAllStringIndex(q, -1)
	var spans [][2]int
	for i := 0; i < len(locs); i++ {
		w := q[locs[i][0]:locs[i][1]]
		lw := possessive(w)
		next := func() (string, bool) {
			if i+1 < len(locs) {
				return q[locs[i+1][0]:locs[i+1][1]], true
			}
			return "", false
		}
		// take marks words i..i+n as a name.
		take := func(n int) {
			spans = append(spans, [2]int{locs[i][0], locs[i+n][1]})
			i += n
		}
		switch {
		case titles[strings.TrimSuffix(strings.ToLower(w), ".")]:
			if nw, ok := next(); ok && (capitalised(nw) || !commonWord(nw)) {
				if !capitalised(w) && formalTitles[strings.ToLower(w)] {
					continue // "we miss the deadline"
				}
				take(1)
			}
		case (lw == "called" || lw == "named"):
			if nw, ok := next(); ok && capitalised(nw) {
				i++
				take(surname(q, locs, i))
			}
		case givenNames[lw] && !ambiguousNames[lw]:
			take(surname(q, locs, i))
		case ambiguousNames[lw] && capitalised(w):
			if nw, ok := next(); ok && capitalised(nw) && !commonWord(nw) {
				take(1)
			}
		}
	}
	return spans
}

// surname is 1 when the word after locs[i] looks like a surname, else 0.
func surname(q string, locs [][]int, i int) int {
	if i+1 >= len(locs) {
		return 0
	}
	// Only within the same phrase: "Sarah, the treasurer" has no surname.
	if strings.ContainsAny(q[locs[i][1]:locs[i+1][0]], ",.;:!?()") {
		return 0
	}
	nw := q[locs[i+1][0]:locs[i+1][1]]
	if capitalised(nw) || !commonWord(nw) {
		return 1
	}
	return 0
}

func capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// commonWord reports whether w is a word a question uses around a name,
// so it is not mistaken for a surname.
func commonWord(w string) bool {
	return common[possessive(w)]
}

// possessive is w in lower case without a trailing 's.
func possessive(w string) string {
	w = strings.ToLower(w)
	return strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "’s")
}

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

var (
	titles       = set("mr mrs ms miss mx dr prof rev revd sir dame lady lord cllr")
	formalTitles = set("miss sir dame lady lord")

	// givenNames are common first names in the UK, across generations and
	// communities. A name not listed here is still caught when it follows
	// a title or "called".
	givenNames = set(`
		aaliyah aaron abdul abdullah abigail adam adeola adrian agnieszka ahmed aidan aisha alan alex alexander alexandra
		alfie ali alice alison amanda amelia amina amir amy andrea andrew angela anita ann anna anne annie anthony anya
		archie arjun arthur ashley aziz barbara barry ben benjamin beth bethany beverley bilal bob brenda brian bridget
		callum cameron carl carla carol caroline catherine charlie charlotte chloe chris christine christopher ciara claire
		clare colin connor craig dan daniel danielle darren dave david debbie deborah declan deepak denise derek diane
		dominic donna dorothy douglas duncan ed edward eileen elaine eleanor elizabeth ella ellie emily emma eric evie
		fatima fiona florence francesca freddie freya gail gareth gary gavin gemma geoffrey george georgia gerald gillian
		gordon graham gurpreet hannah harriet harry hassan hayley helen henry hussein ian imran irene isaac isabel
		isabella isla jack jackie jacob jade james jamie jan jane janet janice jason jasmine jeff jennifer jenny jeremy
		jessica jill jo joan joanna joanne joe john jonathan joseph josh joshua joyce judith julia julie justin karen
		kate katherine kathleen kathryn katie kayleigh keith kelly kerry kevin khadija kieran kim kirsty kyle laura
		lauren leah lee leon lesley lewis liam linda lisa liz lorraine louise lucy luke lynn lynne maciej magdalena
		maisie malcolm manjit margaret maria marie marion martin mary matthew megan melanie michael michelle mohammed
		mohammad muhammad mohamed molly monica nadia naomi natalie nathan neil nicola niamh nigel noah oliver olivia omar
		owen paul paula pauline peter philip phoebe piotr pooja priya rachel rahul rajesh rebecca richard rhys rita
		robert roger ronald rosemary ross ruth ryan sadia sally samantha sam samuel sandra sarah scott sean shabana
		shane sharon sheila shirley simon siobhan sophie stacey stephanie stephen steve steven stuart susan suzanne
		tanya teresa thomas tim timothy tina toby tom tony tracey tracy trevor valerie vanessa victoria vikram vincent
		wayne wendy william yasmin yusuf zainab zara zoe
		abena ama chidi chinedu emeka funmi kofi kwame ngozi oluwaseun tunde yaw
		bogdan ewa katarzyna krzysztof marek tomasz
		aled bronwen carys cerys dafydd dylan emyr eilidh fergus gethin gwen hamish iwan kirsten morag rhiannon seren
		shona sian siân
		will mark grace hope joy bill frank rose faith pat sue amber dawn april may june ray max guy holly ivy robin
		summer drew gene miles norman jay don art rich sunny rob nick dean chase pearl crystal iris daisy poppy heather
		violet olive sky autumn eve penny sandy rusty harvey lily gil jean rod cliff dale glen heath
	`)
	// ambiguousNames are given names that are also ordinary words.
	ambiguousNames = set(`will mark grace hope joy bill frank rose faith pat sue amber dawn april may june ray max guy
		holly ivy robin summer drew gene miles norman jay don art rich sunny rob nick dean chase pearl crystal iris
		daisy poppy heather violet olive sky autumn eve penny sandy rusty harvey lily gil jean rod cliff dale glen heath jack`)

	// common are words that often follow a name in a question; anything
	// else after a given name is taken for a surname.
	common = set(`a an the and or but if so as at by for from in into of on onto to with without about after before
		over under is are was were be been being am has have had having do does did doing can could will would shall
		should may might must need needs needed wants wanted said says told tells asked asks says thinks thought
		feels felt knows knew keeps kept holds held wrote writes runs ran leads led chairs joined joins left leaves
		gets got gave gives took takes made makes who whom whose which that this these those what when where why how
		he she they him her them his hers their theirs we us our you your i me my it its not no yes also just still
		too very really then than there here now again always never ever only our s`)
)

package safety

import (
	"slices"
	"sort"
	"strings"
)

// signals are the concepts found for one subject: the writer, or someone
// else.
type signals [numConcepts]bool

func (s signals) any(cs ...concept) bool {
	for _, c := range cs {
		if s[c] {
			return true
		}
	}
	return false
}

// analysis is what the concept layer found in a whole message.
type analysis struct {
	self, other signals
	// framed: some clause asks about policy, training or fiction.
	framed bool
	// lookingBack: the message asks what should have been done, or what
	// to do next time; someone else's risk in it is over.
	lookingBack bool
	// settled: the message asks about a moment it says is over, with the
	// person safe or looked after.
	settled bool
	// disclosed: the message asks what to do about abuse someone told
	// the writer of, with nothing happening now.
	disclosed bool
	// risky are the clauses with a sign of risk that no framing lowered;
	// the classifier also reads them one by one, so a crisis after an
	// ordinary question is not diluted by it.
	risky []tokens
	// plain is every clause with its idioms blanked out: what the
	// classifier reads, as it did in training (see featureText).
	plain []tokens
	// immediate: something is happening now or was just reported.
	immediate bool
	// selfRisk: the writer spoke of their own risk, which no framing
	// lowers.
	selfRisk                      bool
	selfMentioned, otherMentioned bool
	medical                       bool
	// hinted: some sign of risk was seen, even one that framing, the past
	// or a negation then set aside. Without one, the classifier must be
	// surer to raise the alarm on its own. A plan is such a sign ("worked
	// out how and when"); a time alone ("tonight") is not.
	hinted bool
	// recalled: a sign of risk was set aside because its clause is in the
	// past ("three years ago I took an overdose"). When that is all there
	// is, the classifier must be as sure as with no sign at all.
	recalled bool
	names    map[string]bool
	// selfCount and otherCount count the distinct phrases of each concept
	// for each subject: one soft farewell ("sorry for everything") is an
	// ordinary goodbye, two or more together ("look after my cat", "thanks
	// for everything") are an indirect one; one plan is a decision, two
	// with a time ("once you've decided", "before anyone's up",
	// "tomorrow") are a plan.
	selfCount, otherCount [numConcepts]int
}

var (
	negators     = map[string]bool{"not": true, "never": true, "no": true, "nor": true, "without": true}
	contrast     = map[string]bool{"but": true, "though": true, "although": true, "however": true, "yet": true, "except": true, "still": true}
	selfWords    = map[string]bool{"i": true, "me": true, "my": true, "myself": true, "meself": true, "mine": true}
	otherWords   = map[string]bool{"himself": true, "herself": true, "themselves": true, "themself": true, "his": true, "their": true}
	personWords  = map[string]bool{}
	presentWords = map[string]bool{"now": true, "tonight": true, "today": true, "again": true, "lately": true, "recently": true, "currently": true, "relapsed": true, "back": true}
	reportWords  = map[string]bool{"messaged": true, "texted": true, "posted": true, "rang": true, "phoned": true, "told": true, "said": true, "called": true, "sent": true, "wrote": true, "dm": true, "dmed": true}
	subjects     = map[string]bool{"i": true, "he": true, "she": true, "they": true, "you": true, "we": true}
	howQuestion  = map[string]bool{"do": true, "does": true, "did": true, "can": true, "could": true, "should": true, "would": true, "to": true, "is": true, "are": true, "was": true, "were": true, "much": true, "many": true, "long": true, "often": true, "will": true, "might": true, "may": true, "we": true, "i": true}
	hypothetical = map[string]bool{"if": true, "when": true, "whenever": true, "should": true, "would": true, "hypothetically": true, "what": true, "how": true}
)

func init() {
	for _, w := range splitAlts(groups["person"]) {
		personWords[w] = true
	}
}

func splitAlts(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '|' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

func isRisk(c concept) bool {
	switch c {
	case cIntent, cSuicidal, cPassive, cHopeless, cBurden, cSelfHarm, cMeans, cPlace, cAct, cGoodbye, cFarewell, cPlan, cDanger, cReady, cGone:
		return true
	}
	return false
}

func (s *Screener) analyse(clauses []tokens) analysis {
	a := analysis{names: map[string]bool{}}
	// "Asking for a friend" and "asking for me" are the oldest way of
	// saying it is the writer's own question: no hypothetical or policy
	// wording elsewhere in the message lowers anything then.
	ownQuestion := askingForSelf(clauses)
	// "What should we have done?" looks back on something that is over:
	// what someone else said or did then is the question's subject, not a
	// danger now, unless the same clause says it is happening now.
	lookingBack := retrospective(clauses)
	a.lookingBack = lookingBack
	// "What do you do if someone says they'll top themselves tonight?
	// My flatmate's just said exactly that": the question is real.
	realised := saidJustThat(clauses)
	// Each clause's hits are found first, so a question about wording
	// in one clause ("is 'committed suicide' OK to say?", split at the
	// quotation) can lower words of risk with no subject in another.
	clauseHits := make([][]hit, len(clauses))
	messageFramed := false
	settled, bereaved, outOfReach, asks, whenPast := false, false, false, false, false
	clauseSettled := make([]bool, len(clauses))
	for i, c := range clauses {
		ws := s.blankIdioms(c, nil)
		a.plain = append(a.plain, ws)
		clauseHits[i] = s.phrases.find(ws, nil)
		if !ownQuestion && policyFrames(clauseHits[i]) {
			messageFramed = true
		}
		clauseSettled[i] = settledIn(ws, clauseHits[i])
		settled = settled || clauseSettled[i]
		outOfReach = outOfReach || hasConcept(clauseHits[i], cGone)
		bereaved = bereaved || hasConcept(clauseHits[i], cBereaved)
		asks = asks || asking(ws)
		whenPast = whenPast || pastWhen(ws) || pastYear(ws)
	}
	// "Last week a member said she wanted to die; she's home with her
	// sister now. How do I write it up?": an organiser asking about a
	// moment that is over, with the person safe or looked after. Someone
	// else's words then are the question's subject, as when it looks back;
	// an act or a danger needs the day it happened said as well.
	// A death told is settled the same way: what it speaks of is over.
	// Nobody is settled while someone is out of reach ("she's not
	// answering").
	settledBack := (settled || bereaved) && !outOfReach && asks && whenPast && !ownQuestion && !realised
	a.settled = settledBack
	// "A member told me her partner hits her; she doesn't want the
	// police. What do I do?": a disclosure of abuse that goes on, which
	// an organiser asks how to handle. The entries on disclosures say
	// what to do and lead with 999 for danger now; the classifier, which
	// hears "hitting her" as danger now, must then be near-certain.
	a.disclosed = asks && !ownQuestion && !realised && disclosure(clauses)
	// toldBack: the message asks something and dates what it tells in
	// the past; a subject raised then is set aside (see topicTold).
	toldBack := asks && whenPast && !ownQuestion && !realised
	for ci := range clauses {
		ws, hits := a.plain[ci], clauseHits[ci]
		var framed, past, present, report, hypo, errand bool
		anniversary := anniversaryDay(ws)
		// "someone said in group tonight they want to die", in a message
		// asking what to do next time: tonight dates what was said, and
		// the question looks back on it.
		reported := -1
		if (lookingBack || settledBack || toldBack) && !hasConcept(hits, cAct) && !hasConcept(hits, cDanger) {
			// An overdose taken or harm done today may still be doing
			// its damage, whenever the session was.
			reported = reportDay(ws)
		}
		// "now I help run the group" is recovery told, not the present.
		pastNow := -1
		for _, h := range hits {
			if h.concept != cPast {
				continue
			}
			for j := h.start; j < h.end; j++ {
				if ws[j] == "now" {
					pastNow = j
				}
			}
		}
		// hypoAt is where a hypothetical word ("if", "what") opens the
		// clause: it does not make hypothetical a phrase it belongs to
		// ("what's left").
		hypoAt := -1
		framed = policyFrames(hits)
		for _, h := range hits {
			switch h.concept {
			case cErrand:
				errand = true
			case cHypo:
				hypo = true
			case cPast:
				past = true
			case cNow:
				// A lone "tonight" that marks an anniversary, or the
				// "now" of "now I help run the group", is not the present.
				present = present || h.start != reported && (h.end != h.start+1 || h.start != anniversary && h.start != pastNow)
			case cMedical:
				if !socialPrescribing(ws, h) {
					a.medical = true
				}
			}
		}
		for i, w := range ws {
			if !a.hinted && isHint(w) {
				a.hinted = true
			}
			switch {
			case presentWords[w] && !(w == "back" && (i > 0 && spanWords[ws[i-1]] || i+1 < len(ws) && (ws[i+1] == "in" || ws[i+1] == "then"))) && i != anniversary && i != pastNow && i != reported:
				// "a few years back" and "back in 2015" are the past, not
				// "the thoughts are back"; "three years ago tonight" is
				// an anniversary, not tonight.
				present = true
			case w == "still" && i > 0 && ws[i-1] == "i" && i+1 < len(ws) && stillVerbs[ws[i+1]]:
				// "a year since the accident and I still wish..."
				present = true
			case reportWords[w]:
				report = true
			case hypothetical[w] && i < 3 && hypoAt < 0 && (w != "how" || i+1 < len(ws) && howQuestion[ws[i+1]]):
				// "how do we...", not "funny how calm you get".
				hypoAt = i
			}
			if selfWords[w] {
				a.selfMentioned = true
			}
			if otherWords[w] || personWords[w] {
				a.otherMentioned = true
			}
		}
		if ownQuestion || realised {
			framed, hypo, hypoAt = false, false, -1
		}
		if framed || lookingBack || settledBack {
			a.framed = true
		}
		if pastYear(ws) {
			// "I tried to end my life in 2016; now I train others."
			past = true
		}
		clauseRisky := false
		live := presentNow(ws, anniversary, pastNow, reported)
		if live {
			// "He is on the roof, been there ten minutes": what is
			// happening now outweighs words of the past.
			present = true
		}
		if report && conditional(ws) {
			// "If a member ever told me they had a plan..." imagines a
			// report; it is not one.
			report = false
		}
		clauseImmediate := report || live
		// "She's fine now" is the settling itself, not a danger now.
		if clauseImmediate && !((lookingBack || settledBack) && !live) && !(settledBack && clauseSettled[ci]) {
			// Someone "said" or "posted" it, in a message that asks
			// what should have been done: reported, but over.
			a.immediate = true
		}
		// lastEnd is where the last counted phrase of each concept ended,
		// so overlapping phrases count once.
		var lastEnd [numConcepts]int
		for i := range lastEnd {
			lastEnd[i] = -1
		}
		hypoFor := func(h hit) bool { return hypo || hypoAt >= 0 && (hypoAt < h.start || hypoAt >= h.end) }
		for _, h := range hits {
			if h.concept == cLow && !negated(ws, h) && !(past && !present) {
				if subjectOf(ws, h) == subjectOther {
					a.other[cLow] = true
				} else {
					a.self[cLow] = true
				}
				continue
			}
			if !isRisk(h.concept) {
				continue
			}
			if h.concept != cNow {
				a.hinted = true
			}
			if negated(ws, h) {
				continue
			}
			if past && !present {
				// "I was suicidal years ago; now I run the group."
				a.recalled = true
				continue
			}
			if errand && (h.concept == cPlace || h.concept == cMeans) && !locative(ws) {
				// "Meet at the bridge for the walk", "the rope for
				// the tug of war": a place or a means on an outing or
				// an errand, with nobody saying they are there.
				continue
			}
			if !present && overlaps(hits, h, cBereaved) {
				// "her son took his life in the autumn", "we lost Ben to
				// an overdose": a death told, not a danger now.
				continue
			}
			subj := subjectOf(ws, h)
			if ownQuestion && subj == subjectOther && h.concept != cDanger {
				// "If someone took..., asking for a friend": the
				// someone is the writer.
				subj = subjectSelf
			}
			if h.concept == cDanger && (h.start == 0 || ws[h.start-1] != "i") {
				// Danger comes from someone else even when the writer
				// is the one in it ("he's hitting me"): the reply
				// leads with 999. Words the writer says themselves
				// ("when I said 'kill me'") are not a threat.
				subj = subjectOther
			}
			if subj == subjectNone {
				// Nobody is named: "self-harm" in "our self-harm
				// policy" is a topic. Framing lowers it; otherwise it
				// reads as the writer's own.
				if framed || messageFramed || hypoFor(h) {
					continue
				}
				subj = subjectSelf
			}
			if h.start > lastEnd[h.concept] {
				if subj == subjectOther {
					a.otherCount[h.concept]++
				} else {
					a.selfCount[h.concept]++
				}
				lastEnd[h.concept] = h.end - 1
			}
			if subj == subjectOther {
				if lookingBack && !live {
					continue
				}
				if (settledBack || toldBack && topicTold(ws, h)) && !live && !ongoing(ws) && !futureIn(ws, reported) {
					// "a member talked about overdosing last month; do
					// we need insurance?": a subject raised then.
					continue
				}

				if (framed || hypoFor(h) && h.concept != cDanger) && !clauseImmediate {
					// "What should we do if a member says they want to
					// end their life?" is about policy.
					continue
				}
				a.other[h.concept] = true
			} else {
				if framed && hypoFor(h) && !present && !report && h.concept != cAct {
					// "How do I respond if I feel suicidal in a
					// session?" is still about the writer, but a
					// question about policy in the same words ("if I
					// notice someone is a burden...") is not: only a
					// first-person act is never lowered here.
					if !firstPersonState(ws, h) {
						continue
					}
				}
				a.self[h.concept] = true
				if h.concept != cMeans && h.concept != cPlace && h.concept != cPlan && h.concept != cFarewell && h.concept != cGone {
					a.selfRisk = true
				}
			}
			a.names[h.concept.String()] = true
			clauseRisky = true
		}
		if clauseRisky {
			a.risky = append(a.risky, ws)
		}
		if present {
			a.self[cNow] = a.self[cNow] || hasConcept(hits, cNow)
			a.other[cNow] = a.other[cNow] || hasConcept(hits, cNow)
		}
	}
	return a
}

// blankIdioms returns a copy of a clause with the words of its idioms ("this
// bid is killing me") blanked, so neither layer reads them as risk.
func (s *Screener) blankIdioms(c tokens, buf []hit) tokens {
	ws := append(tokens(nil), c...)
	for _, h := range s.idioms.find(ws, buf) {
		for i := h.start; i < h.end; i++ {
			ws[i] = ""
		}
	}
	return ws
}

func hasConcept(hits []hit, c concept) bool {
	for _, h := range hits {
		if h.concept == c {
			return true
		}
	}
	return false
}

// stillVerbs after "I still" carry a feeling into the present.
var stillVerbs = map[string]bool{"wish": true, "want": true, "think": true, "feel": true, "hate": true, "can": true, "do": true, "cry": true, "hope": true, "pray": true}

// spanWords end a stretch of time: "years back", "a while back".
var spanWords = map[string]bool{"years": true, "months": true, "weeks": true, "while": true, "way": true, "year": true, "month": true, "days": true}

// liveVerbs are things a person is doing with their body right now;
// "he is climbing over" is happening as the writer types, which no
// question in the same message ("what do I say to him?") makes a policy
// question.
var liveVerbs = map[string]bool{"climbing": true, "standing": true, "sitting": true, "hanging": true, "holding": true,
	"swallowing": true, "bleeding": true, "leaning": true, "perched": true, "stood": true, "sat": true, "walking": true, "screaming": true, "shaking": true}

// onEdge is true when words start with someone's place at a height or
// an edge ("on the roof of the flats", "up on the ledge"): being there is
// as live as climbing.
func onEdge(ws tokens) bool {
	if len(ws) == 0 || ws[0] != "on" && ws[0] != "up" && ws[0] != "at" {
		return false
	}
	for j := 1; j < len(ws) && j <= 4; j++ {
		if edgeWords[ws[j]] {
			return true
		}
	}
	return false
}

var edgeWords = map[string]bool{"roof": true, "edge": true, "ledge": true, "parapet": true, "railing": true, "railings": true, "cliff": true, "tracks": true, "line": true, "top": true}

// retrospective is true when the writer asks what they should have done
// or said ("what should we have done?", "should I have called someone?")
// or what to do if it happens again.
func retrospective(clauses []tokens) bool {
	for _, ws := range clauses {
		for i := 0; i+2 < len(ws); i++ {
			// "what do we do if it happens again?"
			if (ws[i] == "happens" || ws[i] == "happened") && ws[i+1] == "again" ||
				ws[i] == "if" && i+3 < len(ws) && (ws[i+1] == "it" || ws[i+1] == "this" || ws[i+1] == "that") && ws[i+2] == "happens" && ws[i+3] == "again" {
				return true
			}
			if nextTimeAsk(ws, i) {
				return true
			}
			if ws[i] != "should" && ws[i] != "could" {
				continue
			}
			if (ws[i+1] == "we" || ws[i+1] == "i" || ws[i+1] == "they" || ws[i+1] == "you") && ws[i+2] == "have" ||
				ws[i+1] == "have" && i > 0 && (ws[i-1] == "we" || ws[i-1] == "i") {
				return true
			}
			// "what should the mods have done?"
			for j := i + 2; j < len(ws)-1 && j <= i+3; j++ {
				if ws[j] == "have" && handledWords[ws[j+1]] {
					return true
				}
			}
		}
	}
	return false
}

// handledWords follow "should the mods have": how someone else dealt with
// something that is over.
var handledWords = map[string]bool{"done": true, "said": true, "handled": true, "responded": true, "reacted": true,
	"told": true, "called": true, "rung": true, "acted": true, "replied": true, "asked": true}

// nextTimeAsk is true when a question starting at or before i asks what to
// do next time, if it comes up again, or from now on: "what should I do
// next time?", "how do we respond if that comes up again?". The event it
// asks about is over; "I'll do it next time I'm alone" asks nothing.
func nextTimeAsk(ws tokens, i int) bool {
	if i > 2 || ws[i] != "what" && ws[i] != "how" {
		return false
	}
	for j := i + 1; j+1 < len(ws); j++ {
		switch {
		case ws[j] == "next" && ws[j+1] == "time",
			ws[j] == "comes" && ws[j+1] == "up" && j+2 < len(ws) && ws[j+2] == "again",
			ws[j] == "going" && ws[j+1] == "forward",
			ws[j] == "in" && ws[j+1] == "the" && j+2 < len(ws) && ws[j+2] == "moment",
			ws[j] == "in" && (ws[j+1] == "future" || ws[j+1] == "the" && j+2 < len(ws) && ws[j+2] == "future"):
			return true
		}
	}
	return false
}

// askingForSelf is true when the writer says the question is their own,
// or asks how long a whole supply takes to work: "how long does it take if
// u take the whole packet" has no policy in it, whoever "you" is.
// saidJustThat is true when a clause says someone has just said the very
// thing a question imagines: a report verb after "just" or "literally",
// followed by "exactly that" or "the same", or by "that" where the clause
// ends or goes on with "and".
func saidJustThat(clauses []tokens) bool {
	for _, ws := range clauses {
		for i := 1; i < len(ws); i++ {
			if !reportWords[ws[i]] && ws[i] != "says" && ws[i] != "saying" {
				continue
			}
			if ws[i-1] != "just" && ws[i-1] != "literally" {
				continue
			}
			rest := ws[i+1:]
			if len(rest) > 0 && rest[0] == "me" {
				rest = rest[1:]
			}
			switch {
			case len(rest) >= 2 && (rest[0] == "exactly" && (rest[1] == "that" || rest[1] == "this") || rest[0] == "the" && rest[1] == "same"):
				return true
			case len(rest) >= 1 && (rest[0] == "that" || rest[0] == "this") && (len(rest) == 1 || rest[1] == "and" || rest[1] == "an" || rest[1] == "but" || rest[1] == "so"):
				return true
			}
		}
	}
	return false
}

func askingForSelf(clauses []tokens) bool {
	for _, ws := range clauses {
		for i := 0; i+2 < len(ws); i++ {
			if ws[i] == "asking" && ws[i+1] == "for" && (ws[i+2] == "me" || ws[i+2] == "myself" || ws[i+2] == "a" && i+3 < len(ws) && ws[i+3] == "friend") {
				return true
			}
			if ws[i] == "how" && ws[i+1] == "long" && wholeSupply(ws[i+2:]) {
				return true
			}
		}
	}
	return false
}

// wholeSupply is true when words speak of taking a whole packet, box or
// bottle, or a load of something ("if u take the whole packet", "if you
// took a load"), not of how long a packet of biscuits lasts.
func wholeSupply(ws tokens) bool {
	taking := false
	for i := 0; i+1 < len(ws); i++ {
		switch ws[i] {
		case "take", "taking", "took", "takes", "swallow", "swallowed", "swallowing":
			taking = true
		}
		if taking && (ws[i] == "whole" || ws[i] == "entire") && supplyWords[ws[i+1]] {
			return true
		}
		if taking && (ws[i] == "a" && ws[i+1] == "load" || ws[i] == "too" && ws[i+1] == "many" || ws[i] == "loads") {
			// "if you took a load last night", "if you take too many"
			return true
		}
	}
	return false
}

var supplyWords = map[string]bool{"packet": true, "packets": true, "box": true, "bottle": true, "strip": true, "tub": true, "lot": true, "prescription": true}

// presentNow is true when a clause speaks of right now; the words at skip1
// and skip2 (an anniversary's "tonight", recovery's "now I run") do not count.
func presentNow(ws tokens, skip ...int) bool {
	for i, w := range ws {
		if slices.Contains(skip, i) {
			continue
		}
		if (w == "is" || w == "are") && i > 0 && i+1 < len(ws) && (liveVerbs[ws[i+1]] || onEdge(ws[i+1:])) {
			switch ws[i-1] {
			case "he", "she", "they", "lad", "lass", "man", "woman", "girl", "boy", "someone", "somebody", "friend", "mate", "pal":
				if !hypotheticalBefore(ws, i) {
					return true
				}
			}
		}
		switch w {
		case "tonight", "now", "currently", "tomorrow", "today":
			return true
		case "this":
			if i+1 < len(ws) && (ws[i+1] == "evening" || ws[i+1] == "weekend" || ws[i+1] == "morning" || ws[i+1] == "afternoon") {
				return true
			}
		case "right":
			if i+1 < len(ws) && ws[i+1] == "now" {
				return true
			}
		case "just":
			// "just" as in "just took", not "just wondering".
			if i+1 < len(ws) && (ws[i+1] == "taken" || ws[i+1] == "took" || ws[i+1] == "messaged" || ws[i+1] == "texted" || ws[i+1] == "posted" || ws[i+1] == "rang" || ws[i+1] == "called" || ws[i+1] == "told" || ws[i+1] == "said" || ws[i+1] == "sent") {
				return true
			}
		}
	}
	return false
}

// socialPrescribing is true when a prescribing word is about social
// prescribing ("social prescribing", "the GP wants to prescribe people to
// our group"): a question about commissioning, not about medicine.
func socialPrescribing(ws tokens, h hit) bool {
	if !strings.HasPrefix(ws[h.start], "prescri") {
		return false
	}
	if h.start > 0 && ws[h.start-1] == "social" {
		return true
	}
	for i := h.end; i < len(ws) && i <= h.end+3; i++ {
		switch ws[i] {
		case "group", "groups", "us", "club", "walk", "walks", "class", "classes", "activity", "activities", "course", "courses", "garden", "gardening", "choir", "things":
			return true
		case "people", "members", "patients", "folk", "someone", "them":
			// "prescribe people to", not "prescribe them antidepressants".
			if i+1 == len(ws) || ws[i+1] == "to" || ws[i+1] == "into" {
				return true
			}
		}
	}
	return false
}

// hypotheticalBefore is true when "if", "when" or "what if" opens the
// clause before position i: "what if someone is standing on a bridge".
func hypotheticalBefore(ws tokens, i int) bool {
	for j := 0; j < i; j++ {
		if ws[j] == "if" || ws[j] == "when" || ws[j] == "whenever" || ws[j] == "suppose" || ws[j] == "say" {
			return true
		}
	}
	return false
}

// firstPersonState is true when the writer says "I am/feel/have..." right
// before the concept, which no policy framing lowers.
func firstPersonState(ws tokens, h hit) bool {
	for i := h.start - 1; i >= 0 && i >= h.start-3; i-- {
		if ws[i] == "i" {
			return i == 0 || ws[i-1] != "if" && ws[i-1] != "when"
		}
	}
	return false
}

// negated is true when "not", "never" or "no" comes just before the
// concept, with no "but" between: "I'm not suicidal", "I would never kill
// myself". Phrases that contain their own negation ("do not want to be
// here") are matched whole, so only what comes before them counts.
func negated(ws tokens, h hit) bool {
	if subjects[ws[h.start]] {
		// The phrase opens with its own subject ("don't worry, I'll be
		// dead by then"): what came before is another statement.
		return false
	}
	for i := h.start - 1; i >= 0 && i >= h.start-3; i-- {
		if contrast[ws[i]] || subjects[ws[i]] {
			// "don't worry, I'll be dead by then": a new subject starts
			// a new statement.
			return false
		}
		if negators[ws[i]] {
			// "not sure i can keep going" and "no one would miss me"
			// are risks, not negations.
			if i+1 < len(ws) && (ws[i+1] == "sure" || ws[i+1] == "one") {
				return false
			}
			return true
		}
	}
	return false
}

type subject int

const (
	subjectNone subject = iota
	subjectSelf
	subjectOther
)

// subjectOf decides whose risk a concept describes: reflexive words in the
// phrase decide first, then the nearest subject before it, then anyone
// named in the clause.
func subjectOf(ws tokens, h hit) subject {
	for i := h.start; i < h.end; i++ {
		switch {
		case h.concept == cFarewell && (ws[i] == "their" || ws[i] == "me" || ws[i] == "us"):
			// A farewell is said to others: "tell them it was not
			// their fault", "he thanked me" name who hears it, not
			// who is at risk.
		case ws[i] == "myself" || ws[i] == "meself" || ws[i] == "my" || ws[i] == "me" || ws[i] == "i":
			return subjectSelf
		case otherWords[ws[i]] || ws[i] == "her" || ws[i] == "he" || ws[i] == "she":
			return subjectOther
		}
	}
	if h.concept == cDanger {
		return subjectOther
	}
	for i := h.start - 1; i >= 0 && i >= h.start-8; i-- {
		w := ws[i]
		switch {
		case w == "them":
			// Before a phrase "them" is nearly always what the writer
			// has ("I got them from three chemists"), not who is at
			// risk; that person would be "they".
		case w == "i" || w == "me" || w == "my":
			return subjectSelf
		case w == "he" || w == "she" || w == "they" || w == "him" || w == "her" || otherWords[w] || personWords[w]:
			return subjectOther
		}
	}
	for _, w := range ws {
		if w == "i" || w == "me" || w == "my" || w == "myself" {
			return subjectSelf
		}
	}
	if h.concept == cFarewell {
		// Nobody named before it: the writer is the one saying goodbye,
		// whoever the clause then mentions ("tell them it was not
		// their fault").
		return subjectSelf
	}
	for _, w := range ws {
		if w == "he" || w == "she" || w == "they" || personWords[w] {
			return subjectOther
		}
	}
	return subjectNone
}

// verdict combines the concepts into a level.
func (a analysis) verdict() Verdict {
	var v Verdict
	selfLevel := level(a.self, a.selfCount)
	otherLevel := level(a.other, a.otherCount)
	if a.other[cDanger] {
		otherLevel = Crisis
	}
	switch {
	case selfLevel >= otherLevel && selfLevel > None:
		v.Level = selfLevel
	case otherLevel > None:
		v.Level, v.Other = otherLevel, true
	}
	v.Medical = a.medical
	for n := range a.names {
		v.Signals = append(v.Signals, n)
	}
	sort.Strings(v.Signals)
	return v
}

// level is the rule that turns one subject's concepts into a level.
func level(s signals, n [numConcepts]int) Level {
	distress := s.any(cSuicidal, cPassive, cHopeless, cBurden, cSelfHarm)
	readiness := s.any(cMeans, cPlace, cPlan)
	switch {
	case s.any(cIntent, cAct, cGoodbye):
		return Crisis
	case distress && (readiness || s[cFarewell]):
		return Crisis
	case s[cSuicidal] && s[cNow]:
		return Crisis
	case s[cSelfHarm] && s[cNow] && s[cMeans]:
		return Crisis
	case s[cFarewell] && readiness:
		return Crisis
	case s[cGone] && (s[cFarewell] || distress):
		// A goodbye, or despair, and then nobody can reach them.
		return Crisis
	case s[cReady]:
		return Crisis
	case n[cPlan] >= 2 && s[cNow]:
		return Crisis
	case s.any(cMeans, cPlace) && s.any(cNow, cPlan, cMeans, cPlace, cFarewell) && (s[cMeans] != s[cPlace] || s[cNow] || s[cPlan] || s[cFarewell]):
		return Crisis
	case distress:
		return Concern
	case n[cFarewell] >= 2 || s[cLow] && s[cFarewell] || s[cFarewell] && s[cNow]:
		// An indirect goodbye: thanks, apologies and things given away
		// together, or one of them from someone who is low.
		return Concern
	}
	return None
}

// locative is true when the writer says where they are ("I'm on the
// bridge", "sat in the car park"), which no errand sets aside.
func locative(ws tokens) bool {
	for i, w := range ws {
		switch w {
		case "sat", "stood", "standing", "sitting", "parked", "waiting":
			return true
		case "am":
			// "I am on the bridge", "I'm still at the station"; not "I'm
			// meeting everyone at the bridge".
			if i > 0 && ws[i-1] == "i" {
				for j := i + 1; j < len(ws) && j <= i+2; j++ {
					if locativeWords[ws[j]] {
						return true
					}
				}
			}
		}
	}
	return false
}

var locativeWords = map[string]bool{"on": true, "at": true, "by": true, "in": true, "near": true, "up": true, "outside": true, "over": true, "under": true, "here": true}

// pastYear is true when a clause dates something to a year ("in 2016",
// "back in 2009", "since 2019"): a four-digit year after one of those
// words puts what the clause says in the past.
// anniversaryDay finds a "today" or "tonight" that marks the day of a span
// counted back from now ("five years ago tonight", "three years since my
// overdose today"): that word does not put the clause in the present. It
// returns -1 when there is none, or when the day word comes after "and"
// or "but" ("two years since, and tonight...").
func anniversaryDay(ws tokens) int {
	for i := 1; i < len(ws); i++ {
		if ws[i] == "today" || ws[i] == "tonight" {
			// "a year today since my brother died"
			if spanWords[ws[i-1]] && i+1 < len(ws) && ws[i+1] == "since" {
				return i
			}
			continue
		}
		if (ws[i] != "ago" && ws[i] != "since") || !spanWords[ws[i-1]] {
			continue
		}
		for j := i + 1; j < len(ws) && j <= i+5; j++ {
			switch ws[j] {
			case "today", "tonight":
				return j
			case "and", "but", "so", "now":
				return -1
			}
		}
	}
	return -1
}

// disclosure is true when someone told the writer of abuse that goes on
// ("told me her partner hits her", "confided that her son has been
// hurting her") and nothing says it is happening now or threatened.
func disclosure(clauses []tokens) bool {
	found := false
	for _, ws := range clauses {
		abuse := false
		for i, w := range ws {
			if abuseWords[w] || w == "with" && i+1 < len(ws) && (ws[i+1] == "him" || ws[i+1] == "her" || ws[i+1] == "them") {
				abuse = true
			}
		}
		for i, w := range ws {
			switch w {
			case "kill", "murder", "weapon", "knife", "gun", "scared", "terrified", "frightened", "afraid":
				return false
			case "threatened", "threatening", "threatens":
				// "threatens him" in a disclosure of money taken is the
				// abuse told; a threat to hurt or kill is danger.
				for j := i + 1; j < len(ws) && j <= i+5; j++ {
					switch ws[j] {
					case "hurt", "beat", "batter", "stab", "burn", "shoot", "strangle", "hit", "throw":
						return false
					}
				}
			case "now", "tonight", "currently":
				// "he's hitting her now", "she's with him tonight"; not
				// "what do I do now?" or "staying at her sister's now".
				if abuse && !disclosureDay(ws, i) {
					return false
				}
			case "is", "are":
				if i+1 < len(ws) && abuseWords[ws[i+1]] {
					// "is hitting her": as the writer types.
					return false
				}
			}
		}
		for i := 0; i+1 < len(ws); i++ {
			if ws[i] != "told" && ws[i] != "tells" && ws[i] != "confided" && ws[i] != "disclosed" && ws[i] != "opened" && ws[i] != "admitted" {
				continue
			}
			for j := i + 1; j < len(ws) && j <= i+12; j++ {
				if abuseWords[ws[j]] {
					found = true
				}
			}
		}
	}
	return found
}

// disclosureDay is true when the "tonight" at i dates the telling ("told
// me tonight").
func disclosureDay(ws tokens, i int) bool {
	return i > 1 && ws[i-1] == "me" && (ws[i-2] == "told" || ws[i-2] == "confided" || ws[i-2] == "disclosed") || i > 0 && (ws[i-1] == "told" || ws[i-1] == "us")
}

var abuseWords = map[string]bool{"hits": true, "hitting": true, "hurting": true, "hurts": true, "beats": true, "beating": true,
	"controls": true, "controlling": true, "abusing": true, "abuses": true, "abusive": true, "slaps": true, "slapping": true,
	"pushes": true, "shoves": true, "assaulted": true, "raped": true, "abused": true, "hit": true}

// topicTold is true when words of risk are what someone talked about,
// not what they said: "talked about overdosing", "mentioned self-harm".
func topicTold(ws tokens, h hit) bool {
	if h.start >= 2 && ws[h.start-2] == "used" && ws[h.start-1] == "to" {
		// "she used to cut herself"
		return true
	}
	if h.concept != cAct && h.concept != cPlan {
		for j := h.start - 1; j >= 0 && j >= h.start-3; j-- {
			if ws[j] == "had" && j+1 < len(ws) && toldBefore[ws[j+1]] {
				// "she had tried to...", "he had wanted to die back
				// then": a time before the one told. A decision or a
				// plan ("he had decided") still stands.
				return true
			}
		}
	}
	for j := h.start - 1; j >= 0 && j >= h.start-4; j-- {
		switch ws[j] {
		case "talked", "talking", "talks", "spoke", "speaking", "mentioned", "mentions", "mentioning", "shared", "sharing", "described", "describing", "discussed", "discussing", "raised", "brought", "opened":
			return true
		}
	}
	return false
}

// policyFrames is true when a clause has words of policy, training or
// fiction that are not part of a means: "what happens if" frames a
// question about a member, but not "what happens if you take a whole box".
func policyFrames(hits []hit) bool {
	for _, h := range hits {
		if h.concept == cPolicy && !overlaps(hits, h, cMeans) {
			return true
		}
	}
	return false
}

// overlaps is true when a hit of concept c shares a word with h.
func overlaps(hits []hit, h hit, c concept) bool {
	for _, o := range hits {
		if o.concept == c && o.start < h.end && h.start < o.end {
			return true
		}
	}
	return false
}

// settledIn is true when a clause says the moment is over and the person
// is safe or looked after, in the writer's own words: "she says she's
// fine" is a claim, not a settling.
func settledIn(ws tokens, hits []hit) bool {
	for _, h := range hits {
		if h.concept != cSettled || negated(ws, h) {
			continue
		}
		if h.start > 0 {
			switch ws[h.start-1] {
			case "says", "said", "saying", "claims", "claimed", "insists", "insisted", "swears", "swore", "promised", "told", "texted", "messaged", "if":
				continue
			}
		}
		if h.end < len(ws) && (ws[h.end] == "but" || ws[h.end] == "apart" || ws[h.end] == "except") {
			// "she's OK but low"
			continue
		}
		return true
	}
	return false
}

// asking is true when a clause opens as a question ("how do I...",
// "should we...", "is it ok...").
func asking(ws tokens) bool {
	for i := 0; i < len(ws) && i < 3; i++ {
		switch ws[i] {
		case "how", "what", "should", "can", "could", "do", "does", "is", "are", "who", "when", "where", "which", "why", "would", "any", "anyone", "was", "did", "am":
			return true
		case "so", "and", "but", "ok", "okay", "right", "also", "hi", "hiya", "hello", "quick", "question", "please", "just":
			continue
		}
		break
	}
	// A question after a comma: "..., how do I make sure the others are ok?"
	for i := 1; i+1 < len(ws); i++ {
		switch ws[i] {
		case "how", "what", "should", "can", "could", "where", "who", "when", "why":
			switch ws[i+1] {
			case "do", "does", "did", "should", "can", "could", "would", "i", "we", "is", "are":
				return true
			}
		}
	}
	return false
}

// pastWhen is true when a clause dates something in the past: last week,
// yesterday, on Thursday, in July, two months ago, at 16.
func pastWhen(ws tokens) bool {
	for i, w := range ws {
		switch w {
		case "yesterday", "ago", "earlier":
			return true
		case "used":
			// "she used to cut herself"
			if i+1 < len(ws) && ws[i+1] == "to" {
				return true
			}
		case "last":
			if i+1 < len(ws) && (pastUnits[ws[i+1]] || weekdays[ws[i+1]] || months[ws[i+1]]) {
				return true
			}
		case "on", "in", "over", "at":
			if i+1 < len(ws) && (weekdays[ws[i+1]] || months[ws[i+1]] || ws[i+1] == "christmas" || ws[i+1] == "the" && i+2 < len(ws) && (ws[i+2] == "autumn" || ws[i+2] == "summer" || ws[i+2] == "spring" || ws[i+2] == "winter")) {
				return true
			}
			// "at 16": an age, told from later; "posted at 2am", "only
			// saw it at 7": a time told from later.
			if w == "at" && i+1 < len(ws) && (smallNumber(ws[i+1]) || clockTime(ws[i+1])) {
				return true
			}
		case "this":
			if i+1 < len(ws) && ws[i+1] == "morning" {
				return true
			}
		case "tonight", "today", "tonights", "todays":
			if sessionDay(ws, i) {
				return true
			}
		}
	}
	return false
}

// futureIn is true when a clause says something is still to come: "she
// is going to", "he'll", "planning to", "tomorrow", "next time". "Was
// going to" is told from after.
func futureIn(ws tokens, skip int) bool {
	for i, w := range ws {
		if i == skip {
			continue
		}
		prev := ""
		if i > 0 {
			prev = ws[i-1]
		}
		switch w {
		case "will", "shall", "tomorrow", "next", "tonight":
			return true
		case "going", "gonna", "planning", "plans", "about":
			if prev != "was" && prev != "were" && prev != "had" && prev != "been" {
				if w != "going" && w != "about" || i+1 < len(ws) && ws[i+1] == "to" {
					return true
				}
			}
		}
	}
	return false
}

// sessionDay is true when the "tonight" or "today" at i names a meeting
// ("in group tonight", "at tonight's session"), which has ended by the
// time an organiser asks about it.
func sessionDay(ws tokens, i int) bool {
	return i+1 < len(ws) && sessionWords[ws[i+1]] || i > 0 && sessionWords[ws[i-1]] || i > 1 && sessionWords[ws[i-2]] && ws[i-1] == "s"
}

// smallNumber is true for a number from 1 to 99 written in digits. Words
// blanked as idioms are empty, so nothing here may assume a first byte.
func smallNumber(w string) bool {
	switch len(w) {
	case 1:
		return w[0] >= '1' && w[0] <= '9'
	case 2:
		return w[0] >= '1' && w[0] <= '9' && w[1] >= '0' && w[1] <= '9'
	}
	return false
}

// ongoing is true when a clause says something goes on: "has been
// having thoughts", "keeps saying", "still", "again", "lately".
func ongoing(ws tokens) bool {
	for i, w := range ws {
		switch w {
		case "still", "again", "lately", "recently", "keeps", "keep", "constantly", "always", "currently":
			return true
		case "been":
			if i > 0 && (ws[i-1] == "has" || ws[i-1] == "have" || ws[i-1] == "is") {
				return true
			}
		}
	}
	return false
}

var (
	toldBefore   = map[string]bool{"tried": true, "attempted": true, "wanted": true, "thought": true, "felt": true}
	sessionWords = map[string]bool{"group": true, "session": true, "meeting": true, "class": true, "circle": true, "chat": true}
	pastUnits    = map[string]bool{"week": true, "month": true, "year": true, "night": true, "weekend": true, "session": true, "time": true, "meeting": true, "term": true, "spring": true, "summer": true, "autumn": true, "winter": true, "christmas": true}
	weekdays     = map[string]bool{"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true}
	months       = map[string]bool{"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true, "august": true, "september": true, "october": true, "november": true, "december": true}
)

// reportDay finds a "tonight" or "today" that dates a report: it follows
// a reporting verb with only words of where between ("said in group
// tonight", "told me today"). It returns -1 when there is none.
func reportDay(ws tokens) int {
	for i, w := range ws {
		switch {
		case w == "tonight" || w == "today" || w == "tonights" || w == "todays":
			if sessionDay(ws, i) {
				return i
			}
		case w == "this" && i+1 < len(ws) && (ws[i+1] == "morning" || ws[i+1] == "afternoon" || ws[i+1] == "evening"):
			// "rang me this morning"
		default:
			continue
		}
		for j := i - 1; j >= 0 && j >= i-5; j-- {
			if reportWords[ws[j]] {
				return i
			}
			// The words of when and where a quotation may follow
			// (normalise.go), and where a group met.
			if !reportFiller[ws[j]] && !sessionWords[ws[j]] && ws[j] != "a" && ws[j] != "privately" {
				break
			}
		}
	}
	return -1
}

func pastYear(ws tokens) bool {
	for i := 1; i < len(ws); i++ {
		w := ws[i]
		if len(w) != 4 || (w[:2] != "19" && w[:2] != "20") || w[2] < '0' || w[2] > '9' || w[3] < '0' || w[3] > '9' {
			continue
		}
		switch ws[i-1] {
		case "in", "since", "during", "around", "of", "from", "was":
			return true
		}
	}
	return false
}

var hintExact, hintPrefix = func() (map[string]bool, []string) {
	exact := map[string]bool{}
	var prefix []string
	for _, w := range hintWords {
		if len(w) > 1 && w[len(w)-1] == '*' {
			prefix = append(prefix, w[:len(w)-1])
		} else {
			exact[w] = true
		}
	}
	return exact, prefix
}()

func isHint(w string) bool {
	if hintExact[w] {
		return true
	}
	for _, p := range hintPrefix {
		if len(w) >= len(p) && w[:len(p)] == p {
			return true
		}
	}
	return false
}

// conditional is true when a clause opens with "if", "what if" or "in case"
// and says nothing has just happened ("if she texted me just now" is a
// report).
func conditional(ws tokens) bool {
	switch {
	case len(ws) > 0 && (ws[0] == "if" || ws[0] == "whenever" || ws[0] == "suppose" || ws[0] == "say"),
		len(ws) > 1 && (ws[0] == "what" && ws[1] == "if" || ws[0] == "in" && ws[1] == "case"):
	default:
		return false
	}
	for _, w := range ws {
		if w == "just" || w == "now" {
			return false
		}
	}
	return true
}

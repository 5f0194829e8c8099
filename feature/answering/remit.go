package answering

import (
	"regexp"
	"strings"
)

// Some requests are outside what Waymark does whatever their words: naming
// a particular business or professional, looking up a named person, or
// translating a text. Their words often match an entry ("an accountant
// for our independent examination"), and offering that entry would answer
// a question that was not asked, so they get a plain "I can't do that"
// and the list of what Waymark does cover. None is a gap in the base.
var (
	// "recommend a good accountant in Cardiff", "know any cheap printers".
	recommendBusiness = regexp.MustCompile(`\b(recommend|suggest|know( of)?|point me to|name)( me)? (a|an|any|some|the best|a specific|one|the cheapest)( (good|decent|cheap|cheapest|reliable|local|friendly|nice|trustworthy|particular|specific|private))* (accountants?|solicitors?|lawyers?|plumbers?|electricians?|builders?|dentists?|therapists?|counsell?ors?|mechanics?|garages?|printers?|printing firms?|caterers?|venues?|restaurants?|cafes?|pubs?|hotels?|hairdressers?|examiners?|bookkeepers?|photographers?|web designers?|insurers?|insurance compan(y|ies)|banks?|trainers?|consultants?)\b`)
	// "name a specific one", "give me a name".
	nameOne = regexp.MustCompile(`\b(name a specific one|give me (a|the) names?( of one)?|which one specifically)\b`)
	// "can you translate our leaflet into Polish", not "do we need to
	// translate our privacy notice into Welsh".
	translate = regexp.MustCompile(`(^|\b(can|could|would|will) you (please )?|\bplease |\bpls )translate\b.*\b(in)?to (welsh|polish|urdu|punjabi|bengali|arabic|french|spanish|german|romanian|portuguese|italian|chinese|mandarin|cantonese|gaelic|irish|somali|farsi|kurdish|turkish|ukrainian|russian|lithuanian|tigrinya|gujarati|hindi)\b`)
)

// diagnose matches asking Waymark to diagnose someone ("can you tell if a
// member has bipolar or BPD"): a question for a GP, whatever the words.
var diagnose = regexp.MustCompile(`\b(tell|say|know|work out|guess|diagnose)( me)? (if|whether|what)\b.*\b(has|have|is|got|suffers? from|condition)\b.*\b(bipolar|bpd|personality disorder|autis\w*|adhd|schizo\w*|psychosis|psychotic|ocd|ptsd|depression|dementia|eating disorder)\b`)

// personLookup matches asking about a named person ("anything about Janet
// Pryce", "whether my neighbour Sarah Jenkins has a criminal record"): two
// capitalised words after "about" or a relationship word. It reads the
// original text, since capitals are what mark a name.
var personLookup = regexp.MustCompile(`\b(about|is|whether|if|does|has|called|named|neighbour|friend|colleague|treasurer|chair|secretary|member) ([A-Z][a-z]+ [A-Z][a-z]+(-[A-Z][a-z]+)?)\b.*\b(trustworthy|criminal record|any good|reliable|honest|background|dodgy|record|married|address|phone number|number)\b`)

// outsideRemit says why a request is one Waymark does not do, or "".
func outsideRemit(q string) string {
	lower := strings.ToLower(q)
	switch {
	case recommendBusiness.MatchString(lower) || nameOne.MatchString(lower):
		return "I can't recommend a particular business, professional or venue: I only know the general guidance in my knowledge base. Your local council for voluntary service (CVS) or another group nearby may know who is good locally."
	case personLookup.MatchString(q):
		return "I can't look up or vouch for a particular person. If you are recruiting someone, the knowledge base covers safer recruitment and checks such as DBS, PVG and AccessNI: ask me about those."
	case diagnose.MatchString(lower):
		return "I can't diagnose anyone, from a description or otherwise: that is for a GP or mental health professional. If you are worried about a member, the knowledge base covers safeguarding, responding to a disclosure and signposting: ask me about those."
	case translate.MatchString(lower):
		return "I can't translate texts, sorry. I answer questions about running a group, in English for now."
	}
	return ""
}

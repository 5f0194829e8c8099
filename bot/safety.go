package bot

import (
	"regexp"
	"strings"
)

// Risk is what the safety screen found in a message.
type Risk int

const (
	RiskNone Risk = iota
	// RiskSelf: the writer may be thinking of ending their life or
	// harming themselves.
	RiskSelf
	// RiskOther: someone else may be in danger now (an overdose, a threat,
	// a member who said they will end their life). 999 comes first.
	RiskOther
	// RiskMedical: a question about medicines, doses or diagnosis, which
	// Waymark must not answer from its base.
	RiskMedical
)

// Patterns are matched on a lowercased message with apostrophes removed
// and idioms taken out. They favour catching a real crisis over missing
// one: a false alarm costs a kind message; a miss can cost a life.
var (
	// Idioms that use the words of harm for something else. They are cut
	// out of the text before the risk patterns run, so "this deadline is
	// killing me but I want to die" still screens on "want to die".
	idioms = regexp.MustCompile(`\b(` + strings.Join([]string{
		`(is|are|was|its|it is|thats|that is|theyre|these|this|those) (\w+ ){0,3}killing me`,
		`killing (me|us) (off )?(with|slowly)`,
		`kill(ing)? (two|2) birds`,
		`(i|we)( would|d) kill for`,
		`(could|would|will|gonna|going to) kill (him|her|them|you|my \w+|our \w+)( for| if| when| lol| haha)`,
		`(dying|dead|die) (to|for) (know|see|try|get|hear|go|a )`,
		`to die for`,
		`bored to death`,
		`scared to death`,
		`worked to death`,
		`(dead|deathly) (tired|on my feet|in the water|end|line|lines|weight)`,
		`deadlines?`,
		`drop dead gorgeous`,
		`(a|the|an) overdose of (\w+ ){0,2}(meetings?|emails?|admin|paperwork|coffee|caffeine|sugar|chocolate|forms?)`,
		`suicide (mission|squad|doors?|run)`,
		`killer (app|feature|question|deal)`,
		`kill (the|this|that) (meeting|motion|idea|bid|project|process|job|engine|switch)`,
		`(shoot|kill) me now`,
		`over my dead body`,
		`(my|the) (phone|battery|laptop|computer) (is |has )?(dead|died|dying)`,
	}, "|") + `)\b`)

	selfRisk = regexp.MustCompile(`\b(` + strings.Join([]string{
		`(kill|killing|hurt|hurting|harm|harming|cut|cutting|burn|burning|hang|hanging|poison|poisoning|drown|drowning) (my ?self|myself)`,
		`end(ing)? (my|it) (own )?(life|all)`,
		`end it( all)?( now| tonight| today)?$`,
		`take (my|my own) life`,
		`(i am|im|i feel|feeling|i have been|ive been|i keep|i get) (so |really |very )?(suicidal|like dying|like ending it)`,
		`suicidal (thoughts|feelings|ideas)`,
		`(want|wanna|wanted|going|planning|plan|thinking|thought|decided|ready) (to )?(about )?(die|dying|end my life|end it|kill myself|commit suicide|not be here)`,
		`wish (i was|i were|i could be|to be) dead`,
		`(dont|do not|no longer|never) want to (be alive|live|be here|exist|wake up|go on)`,
		`(cant|can not|cannot|could not|couldnt) (go on|carry on|keep going|do this any ?more|cope any ?more|take (it|this) any ?more)`,
		`(better|easier) off (without me|if i was(nt| not) here|if i were(nt| not) here|dead)`,
		`no (reason|point) (to|in) (live|living|going on|being alive|carrying on)`,
		`(nothing|no one|nobody) (left )?to live for`,
		`(goodbye|good bye) (everyone|all|cruel world)`,
		`(said|written|writing) (my )?(goodbyes?|a note|suicide note)`,
		`(i have|ive|i just|i) (taken|took|swallowed) (an overdose|too many|all (my|the|of my)|a (lot|load|bunch) of)`,
		`(i|im|i am) (self[- ]?harming|going to overdose|gonna overdose)`,
		`(stockpil\w+|saving up|hoarding) (my )?(pills|tablets|meds|medication)`,
		`(self[- ]?harm\w*) again`,
		`(kill|killing) myself`,
		`suicide is the only`,
		`(i am|im) (a )?(burden|worthless) (to everyone|to everybody|and)`,
	}, "|") + `)\b`)

	// Someone else in danger now. "They" forms are kept because members
	// write about each other in chat.
	otherRisk = regexp.MustCompile(`\b(` + strings.Join([]string{
		`(she|he|they|theyve|theyre|hes|shes|member|friend|partner|someone|somebody|person|son|daughter|mum|dad|brother|sister|wife|husband|colleague|volunteer)( \w+){0,4} (has |have |had |just )?(taken|took|swallowed) (an overdose|too many|all (his|her|their|the)|a (lot|load|bunch) of (pills|tablets))`,
		`(overdosed|taken an overdose|took an overdose)`,
		`(she|he|they|hes|shes|theyre|member|friend|partner|someone|somebody|person|son|daughter)( \w+){0,4} (is |are |s |was |were )?(going|threatening|planning|about|trying|talking about wanting|says? (she|he|they) (wants?|is going|are going)|said (she|he|they) (wanted|was going|were going|would)|wants?) to (kill|hurt|harm|end) (herself|himself|themselves|themself|her life|his life|their life|their lives|it all)`,
		`(kill|killing|hurt|hurting|harm|harming|cut|cutting|hang|hanging) (herself|himself|themselves|themself)`,
		`(suicide|goodbye) (note|message|post)`,
		`(she|he|they|hes|shes|theyre|theyve) (is|are|s|re|has been|have been|was|were)? ?(feeling )?suicidal`,
		`(member|friend|partner|someone|person|son|daughter|colleague|volunteer) (who )?(is|s|was) (feeling )?suicidal`,
		`(end|ending|take|taking) (her|his|their) (own )?li(fe|ves)`,
		`(bleeding heavily|unconscious|not breathing|unresponsive|collapsed)`,
		`(going to|gonna|threatening to|threatened to|wants? to|about to) (kill|attack|stab|shoot|hurt) (someone|somebody|people|him|her|them|me|us|the)`,
		`(has|got|with) (a|an) (knife|gun|weapon)`,
		`(being|getting) (attacked|assaulted|beaten)( right)? now`,
		`(on|at) the edge of (a|the) (bridge|cliff|roof|platform)`,
		`(standing|sitting) on (a|the) (bridge|ledge|roof)`,
		`(i am|im|i)( going| gonna| want)? to (kill|hurt|attack|stab) (someone|somebody|him|her|them|my \w+)`,
	}, "|") + `)\b`)

	// A question about what a group should do *if* something happens is
	// about policy, not a crisis now; the answer carries the numbers anyway.
	hypothetical = regexp.MustCompile(`\b(if|when|whenever|in case|policy|policies|procedure|training|course|how (should|do|can|would) (we|our|a|i|you)|what (should|do|can|would) (we|our|a|you)|what is|whats|should (our|we|a)|guidance|support someone who|help someone who|talk(s|ing)? about suicide|respond(ing)? to)\b`)

	medical = regexp.MustCompile(`\b(dose|doses|dosage|dosing|mg|milligrams?|tablets? a day|how many (pills|tablets)|prescri(be|bed|ption)|side[- ]effects?|(should|can) i (take|stop taking|come off|mix)|stop taking my|come off (my )?(meds|medication|antidepressants)|withdrawal symptoms|diagnos(e|is|ed) (me|my)|do i have (depression|bipolar|adhd|anxiety|ptsd|ocd|bpd|autism)|antidepressants?|antipsychotics?|sertraline|fluoxetine|citalopram|escitalopram|mirtazapine|venlafaxine|duloxetine|paroxetine|quetiapine|olanzapine|aripiprazole|risperidone|lithium|lamotrigine|diazepam|lorazepam|zopiclone|propranolol|pregabalin|gabapentin|methylphenidate|ssris?)\b`)

	idiomsNoDeadline = regexp.MustCompile(strings.Replace(idioms.String(), "|deadlines?|", "|", 1))

	apostrophes = strings.NewReplacer("'", "", "’", "", "‘", "")
	spaces      = regexp.MustCompile(`\s+`)
	punctuation = regexp.MustCompile(`[^a-z0-9 \-]+`)
)

// Screen checks a message for crisis and risk language before anything
// else reads it.
func Screen(text string) Risk {
	t := normaliseForScreen(text)
	t = idioms.ReplaceAllString(t, " ")
	t = strings.TrimSpace(spaces.ReplaceAllString(t, " "))
	other := otherRisk.MatchString(t)
	self := selfRisk.MatchString(t)
	if (other || self) && hypothetical.MatchString(t) && !firstPersonNow(t) {
		// "How should we respond if someone talks about ending their
		// life?" is a question about policy; it is answered, with the
		// numbers, rather than treated as an emergency.
		if !immediate.MatchString(t) {
			other, self = false, false
		}
	}
	switch {
	case other:
		return RiskOther
	case self:
		return RiskSelf
	case medical.MatchString(t):
		return RiskMedical
	}
	return RiskNone
}

var (
	// Words that make a hypothetical-sounding message urgent again.
	immediate = regexp.MustCompile(`\b(just|right now|now|tonight|today|already|has taken|have taken|is going to|s going to|said (she|he|they)|told me|messaged|texted|posted)\b`)
	iSelf     = regexp.MustCompile(`\b(i|im|ive|id|me|my|myself)\b`)
)

// firstPersonNow is true when the writer speaks of their own state rather
// than asking about a policy.
func firstPersonNow(t string) bool {
	return selfRisk.MatchString(t) && iSelf.MatchString(t) && !strings.Contains(t, "if someone") && !strings.Contains(t, "if a member")
}

// StripIdioms removes idioms of stress ("this bid is killing me") from a
// question so they are not searched, and says whether there were any.
func StripIdioms(text string) (string, bool) {
	t := normaliseForScreen(text)
	if !idioms.MatchString(t) {
		return text, false
	}
	// "deadline" is in the idiom list only so the screen ignores it; it is
	// a meaningful word in a question.
	out := idiomsNoDeadline.ReplaceAllString(t, " ")
	return strings.TrimSpace(spaces.ReplaceAllString(out, " ")), out != t
}

func normaliseForScreen(text string) string {
	t := strings.ToLower(apostrophes.Replace(text))
	t = punctuation.ReplaceAllString(t, " ")
	return " " + strings.TrimSpace(spaces.ReplaceAllString(t, " ")) + " "
}

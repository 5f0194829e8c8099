package answering

import (
	"context"
	"regexp"
	"strings"
	"unicode"

	"github.com/waymark-org/waymark/bot"
)

// coverage says what Waymark does answer, for replies that could not.
const coverage = "I cover running a user-led group: governance (legal structures, trustees, accounts, policies), safeguarding, data protection, funding and commissioning, and looking after yourself as an organiser."

// commandWords are the commands of every feature, known here even where a
// feature is not running (one-off `waymark ask`), so they are never
// searched as questions.
var commandWords = map[string]bool{"ask": true, "kb": true, "deadline": true, "deadlines": true, "checkin": true, "check-in": true, "settings": true, "forget-me": true, "help": true}

// welshWords are common Welsh words rarely seen in English messages; two
// of them mark a message as Welsh.
var welshWords = map[string]bool{
	"ydy": true, "yw": true, "oes": true, "mae": true, "ein": true, "gyda": true, "angen": true, "elusen": true,
	"sut": true, "beth": true, "pwy": true, "ble": true, "dwi": true, "rydyn": true, "rydym": true,
	"chi": true, "gallwn": true, "allwn": true, "cymorth": true, "diolch": true, "grŵp": true, "grwp": true,
	"wirfoddolwyr": true, "gwirfoddolwyr": true, "cofrestru": true, "ymddiriedolwyr": true, "arian": true,
	"helo": true, "iawn": true, "hefyd": true, "neu": true, "ond": true,
	"mewn": true, "gwneud": true, "oherwydd": true, "efallai": true, "ddim": true,
	"i'r": true, "ydw": true, "oedd": true, "fydd": true, "bydd": true, "cael": true,
	"gofrestru": true, "cyngor": true, "diogelu": true, "polisi": true, "cyfrifon": true, "ariannu": true,
}

// notAQuestion answers messages that are not questions: a bare number,
// emoji or junk, a command typed without /waymark (command is then true,
// and the caller runs it), or a message in Welsh. None of them is answered
// from an entry or kept as a gap.
func (a *Answering) notAQuestion(ctx context.Context, t *bot.Tenant, q string) (r bot.Reply, command, ok bool) {
	lower := strings.ToLower(q)
	fields := strings.Fields(lower)
	letters := 0
	for _, r := range q {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters == 0 {
		return bot.InfoReply("That doesn't look like a question. Ask me in a sentence, for example \"Do we need a safeguarding policy?\", or type /waymark help."), false, true
	}
	if first := strings.TrimPrefix(fields[0], "/"); len(fields) <= 4 && !strings.Contains(q, "?") {
		if a.commands.HasCommand(first) {
			return bot.Reply{}, true, true
		}
		if commandWords[first] {
			return bot.InfoReply("That looks like a Waymark command, but it isn't available here. Type /waymark help to see what is."), false, true
		}
	}
	if smallTalk(lower) {
		return bot.InfoReply("Thanks for the message! I'm Waymark: I answer questions about running your group. " + coverage + " Ask me in a sentence, or type /waymark help."), false, true
	}
	welsh := 0
	for _, f := range fields {
		if welshWords[strings.Trim(f, "?!.,")] {
			welsh++
		}
	}
	if welsh >= 2 {
		return bot.InfoReply("Diolch am eich neges. Ar hyn o bryd mae Waymark yn ateb yn Saesneg yn unig. Gofynnwch eich cwestiwn yn Saesneg os gallwch chi.\n\nThank you for your message. For now Waymark answers in English only (not yet in Cymraeg / Welsh). Please ask your question in English if you can."), false, true
	}
	if !a.entries.Index(ctx, t).Known(q) || longWords(fields) == 0 {
		return bot.InfoReply("I'm not sure what you're asking. " + coverage + " Ask me in a sentence, or type /waymark help."), false, true
	}
	return bot.Reply{}, false, false
}

// longWords counts words of three or more letters: "dbs" is a question,
// "' OR 1=1; --" is not.
func longWords(fields []string) int {
	n := 0
	for _, f := range fields {
		l := 0
		for _, r := range f {
			if unicode.IsLetter(r) {
				l++
			}
		}
		if l >= 3 {
			n++
		}
	}
	return n
}

// Small talk meant for the group rather than for Waymark ("morning all,
// how's everyone's week going?", "thanks for yesterday, lovely to see
// everyone x") shares words with entries ("week", "everyone") but asks
// nothing about running a group. Every part of such a message is one of
// these, once greetings, names of the group and kisses are set aside.
var (
	smallTalkPart = regexp.MustCompile(`^(?:` + strings.Join([]string{
		`how(?: is| are|s)?(?: every ?one| everybody| you all| yall| you| things| we all| the group| we| all)s?(?: doing| getting on| keeping| going| been| holding up)?(?: this| today| tonight| so far)?(?: week| weekend| day| morning| evening| half term| holidays?)?(?: going| been| treating you)?(?: so far)?`,
		`(?:(?:it )?(?:was|is|twas) )?(?:so |really |very )?(?:lovely|great|nice|good|brilliant|fab|amazing) (?:to (?:see|meet|catch up with) (?:you|every ?one|everybody|you all|all of you)|session|evening|night|day|meeting|afternoon|morning)(?: (?:yesterday|last night|today|tonight|again|earlier))*`,
		`(?:thanks?|thank you|cheers|ta)(?: (?:so|very) much| loads| a lot| again| all| everyone| every ?one| guys| folks)*(?: for (?:yesterday|today|last night|tonight|the (?:session|meeting|evening|walk|cake|tea|brews?|biscuits|chat|lift|laugh|support)|coming|having me|listening|everything)(?: (?:yesterday|last night|today|tonight))?)?`,
		`(?:happy|merry) (?:friday|monday|weekend|christmas|xmas|new year|easter|birthday|diwali|eid|hanukkah|st davids day|st patricks day|burns night)(?: (?:every ?one|all|folks|to you all))?`,
		`(?:have|hope you (?:all )?(?:have|had)|enjoy) (?:a |the )?(?:good|great|lovely|nice|restful|safe|fab)? ?(?:weekend|week|day|evening|christmas|holiday|break|summer)(?: (?:every ?one|all|folks))?`,
		`(?:see|catch) (?:you|ya|yous|you all|every ?one)(?: all)?(?: (?:on \w+|next week|tomorrow|tonight|soon|later|then|there|at group|thursday|friday|monday|tuesday|wednesday|saturday|sunday))?`,
		`(?:is )?any ?(?:one|body) (?:else )?(?:up|awake|around|about|online|on here)(?: (?:tonight|still|now))?`,
		`good ?night(?: (?:all|every ?one|folks))?|night (?:all|every ?one|folks)|sleep well(?: all)?`,
		`(?:hope|hoping) (?:every ?one|you all|you|all)(?: is| are| s)? (?:ok|okay|well|good|alright|doing (?:ok|okay|well|alright))`,
	}, "|") + `)$`)
	smallTalkFiller = regexp.MustCompile(`^(?:(?:hi|hello|hey|hiya|morning|evening|afternoon|good (?:morning|afternoon|evening)|yo|oh|and|so|well|all|everyone|every one|folks|guys|team|lovely people|peeps|gang|again)\b ?)+|(?:\b(?:x+|xo+|lol|haha+|all|everyone|folks|guys|again))+$`)
	smallTalkSplit  = regexp.MustCompile(`[.!?,;:\n]+|\p{So}|\p{Sk}`)
)

// smallTalk says whether every part of a message is chat to the group.
func smallTalk(lower string) bool {
	parts := 0
	for _, p := range smallTalkSplit.Split(strings.ReplaceAll(lower, "'", ""), -1) {
		p = strings.Join(strings.Fields(p), " ")
		p = strings.TrimSpace(smallTalkFiller.ReplaceAllString(p, ""))
		if p == "" {
			continue
		}
		if !smallTalkPart.MatchString(p) {
			return false
		}
		parts++
	}
	return parts > 0
}

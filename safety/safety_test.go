package safety

import (
	"bytes"
	"compress/gzip"
	"io"
	"strings"
	"sync"
	"testing"
)

var (
	testOnce     sync.Once
	testScreener *Screener
)

func screener(t testing.TB) *Screener {
	t.Helper()
	testOnce.Do(func() {
		s, err := Default()
		if err != nil {
			t.Fatal(err)
		}
		testScreener = s
	})
	return testScreener
}

func TestScreenLevels(t *testing.T) {
	tests := []struct {
		text  string
		level Level
		other bool
	}{
		// First person, in many wordings.
		{"I can't go on any more, I want to end my life", Crisis, false},
		{"I keep thinking everyone would be better off without me", Concern, false},
		{"i dont want to be alive anymore", Concern, false},
		{"honestly I want to die", Crisis, false},
		{"I just took all my tablets", Crisis, false},
		{"Sometimes I wish I was dead", Concern, false},
		{"I'm going to kill myself tonight", Crisis, false},
		{"kms", Crisis, false},
		{"this is my last message", Crisis, false},
		{"honestly I don't see the point anymore", Concern, false},
		{"I've got the tablets lined up", Crisis, false},
		{"the car engine's running in the garage", Crisis, false},
		{"im going to take an overdose tonight", Crisis, false},
		// A crisis tucked into an ordinary question.
		{"send me the DBS form, also I don't think I can keep going", Concern, false},
		{"what's the deadline for the annual return. not that it matters, I won't be around", Crisis, false},
		// A crisis at the end of a very long message.
		{strings.Repeat("We met on Tuesday and talked about the rota. ", 100) + "I want to kill myself", Crisis, false},
		// Someone else, now: the 999 wording.
		{"One of our members just messaged saying she's taken an overdose", Crisis, true},
		{"my mate in the group says he's going to end it tonight", Crisis, true},
		{"a member posted that she's going to kill herself", Crisis, true},
		{"someone in the group has a knife and is threatening people", Crisis, true},
		// The thirteenth round: means got ready, voices, quiet wishes, and
		// their innocent neighbours.
		{"I've taken everything that was in the cupboard. feeling sleepy now", Crisis, false},
		{"I've got a blade out of the pencil sharpener", Crisis, false},
		{"I'm at the station. Next fast one through is 11:52", Crisis, false},
		{"the voices keep telling me to step off when the train comes", Crisis, false},
		{"he's on a station platform and says the voices are telling him to jump", Crisis, true},
		{"a member turned up saying he's taken a handful and wants to sleep it off", Crisis, true},
		{"I have made my arrangements for this evening. I have no purpose left", Crisis, false},
		{"thanks for everything. i'm going down to the river after this", Crisis, false},
		{"my partner texted 'sorry for everything, the kids are better off' and he's not answering", Crisis, true},
		{"Parked at the viewpoint. Handbrake off would be so easy", Crisis, false},
		{"a girl at the bus stop is being pulled into a car by a man, she's screaming", Crisis, true},
		{"man at the garden has a spade and we've locked ourselves in the shed", Crisis, true},
		{"he said he wouldn't be bothered if he didn't make it to Christmas", Concern, true},
		{"walked into the sea up to my knees, absolutely baltic", None, false},
		{"Took all my tablets this morning like a good boy, nurse would be proud", None, false},
		{"The bridge walk on Sunday is postponed due to the weather", None, false},
		{"there won't be a tomorrow for me so. Anyway. Have a nice one all", Crisis, false},
		{"he's got his hands round her neck in the car park, what do i do", Crisis, true},
		{"I have put enough of the morphine aside. Tonight.", Crisis, false},
		{"neighbour's small boy alone on the balcony, he is climbing the rail", Crisis, true},
		{"she said she might as well be dead for all anyone cares", Concern, true},
		{"took the whole box of biscuits to group, none left", None, false},
		{"my son's been cutting his own hair again, made a right mess", None, false},
		{"took evrythin in the cupbrd. sry x", Crisis, false},
		{"messaged at 2am: tell the lads it's been an honour", Crisis, false},
		{"member at group said she's stopped caring if she lives or dies", Concern, true},
		{"he keeps posting at 3am about how he's letting everyone down", Concern, true},
		{"sat watching the ships go out wondering what the hell I'm still here for", Concern, false},
		{"my son has been doing searches about self harm on his tablet", Concern, true},
		{"no one at school would care if i died", Concern, false},
		{"it'd be no great loss if I wasn't here", Concern, false},
		{"honestly struggling to see what i'm still doing here", Concern, false},
		{"Same thoughts again. What's the point, who'd notice", Concern, false},
		{"the voices make me bang my head, did it a bit tonight", Concern, false},
		{"I used to self harm as a teenager. Scars are faded now, thinking of a tattoo", None, false},
		{"My therapist says I should write a letter to my younger self", None, false},
		{"Bloody printer's jammed again. I'm going to throw it off the roof", None, false},
		{"Finished my painting of the bridge at Cefn Coed, pic in the art channel", None, false},
		{"I'm going to jump in the lake at the charity dip on New Year's Day, who's with me?", None, false},
		// Fifteenth round: a child alone or hit, someone with dementia
		// missing; anniversaries, dialect and years that are the past;
		// a fit note and a rope light; finishing things with the flat
		// left in order; the cat given away and a lightness.
		{"my neighbour's toddler has been on his own for hours crying and there's no adults about", Crisis, true},
		{"a man outside is hitting his little boy and won't stop", Crisis, true},
		{"my dad has dementia and he's been missing since this morning, it's getting dark", Crisis, true},
		{"four years ago tonight I stood on the bridge. tonight I'm cooking for the grandkids", None, false},
		{"two years since my overdose today, cake at group!", None, false},
		{"back in 2014 I tried to end my life, now I help run the group", None, false},
		{"a few year back I thought about ending it, the group helped", None, false},
		{"two years since my attempt and tonight I'm going to finish it", Crisis, false},
		{"she's off work with a fit note from her GP, can she still volunteer?", None, false},
		{"we bought a rope light for the hall", None, false},
		{"I'm finishing things tonight, I've left everything in order for whoever clears my room", Crisis, false},
		{"did my will today, gave the cat to my sister, feel lighter than I have in years", Crisis, false},
		{"some days I wish I just hadn't woken up", Concern, false},
		{"small budget for involvement payments and we want to do it properly: cash or vouchers?", None, false},
		// An organiser asking what should have been done, or what to do
		// next time, about something a member wrote or said: the quotation
		// is the member's, and it is over. What is happening now is not.
		{"a member posted 'i cant cope anymore' on our whatsapp at 1am. what should the admins have done?", None, false},
		{"at group someone said quietly 'everyone would be better off without me'. how do we respond if it comes up again?", None, false},
		{"my mate just texted 'I've taken everything', what should I do", Crisis, true},
		{"she's on the bridge now and texted 'sorry', what do I say next time she answers", Crisis, true},
		// Sixteenth round.
		{"someone upstairs is getting battered and I can hear a kid screaming", Crisis, true},
		{"I'd rather they hear it from me than from the police", Crisis, false},
		{"leaving the group chat, don't want anyone to see what happens next", Crisis, false},
		{"sponsored abseil off the viaduct for group funds, who's in?", None, false},
		{"a year today since my dad took his own life, thinking of him", None, false},
		{"my friend attempted two years ago and she's doing really well now", None, false},
		{"a member's band t-shirt has a noose on it, how do we raise it kindly?", None, false},
		{"can we borrow a rope barrier for the fun day?", None, false},
		{"can we use a photo of the Forth Bridge for our banner?", None, false},
		{"my uncle drives trains and someone jumped in front of his train last year", None, false},
		{"Is 'taking your own life' OK to say in the newsletter?", None, false},
		{"been two years since the crash and I still wish it had taken me instead", Concern, false},
		{"plan's ready, told work I'm on leave so nobody will come looking till Monday", Crisis, false},
		{"ignore my messages earlier, this is the last you'll hear from me", Crisis, false},
		{"he posted 'you were the best bit, sorry' in the group and left the chat, his phone's off", Crisis, true},
		{"my phone's dead, can someone text me the address for tonight", None, false},
		{"we watched Manchester by the Sea last time, something lighter please", None, false},
		{"what do you do if someone says they're going to end it tonight? my brother has just said exactly that", Crisis, true},
		{"I've got access to the meds cupboard at work and I'm on nights tonight. going to use it.", Crisis, false},
		{"I'm a pharmacist with access to the drugs cupboard, what's the policy on members' prescriptions?", None, false},
		{"I work on the railway, can I do a talk on level crossing safety?", None, false},
		{"where's cheapest for rope and cord in bulk for the men's shed?", None, false},
		{"12 signed up for the suspension bridge photography walk, too many for one leader?", None, false},
		// Seventeenth round.
		{"can someone take the cash box off me, I'm not going to be alive next week", Crisis, false},
		{"honestly hoping this chest infection finishes me off", Concern, false},
		{"can't wait for the end honestly, it's all downhill", Concern, false},
		{"my sister says she envies people who die in their sleep", Concern, true},
		{"he keeps saying he wants to get hit by a car", Concern, true},
		{"the macramé group needs 40m of rope for plant hangers", None, false},
		{"that overdose storyline in the soap was well done", None, false},
		{"the Bridge Centre has put its room hire up", None, false},
		{"fed up, car's in the garage and the boiler's broken", None, false},
		{"my flatmate wants to go walking at Beachy Head, is the path OK for a bad knee?", None, false},
		{"does the Tuesday walk still meet at the railway bridge car park?", None, false},
		{"light box is out, the clocks going back murder my mood", None, false},
		{"Missing: Sam, 17, last seen at the station at 4pm, he's been really low. Police know.", Crisis, true},
		// Eighteenth round.
		{"a man's been lying face down by the bus shelter for ages and isn't moving", Crisis, true},
		{"the tablets are kicking in, getting drowsy, night all", Crisis, false},
		{"my antidepressants are finally working, feeling much better", None, false},
		{"if tomorrow never came I'd be fine with that", Concern, false},
		{"in the 90s I took an overdose and spent a week in hospital", None, false},
		{"I've left notes on the table, one for each of you", Crisis, false},
		{"sorted my will, fed the cat. I think tonight's when I'll do it", Crisis, false},
		{"for my nursing degree I'm writing an essay on overdose presentations in A&E", None, false},
		{"what's the difference between self-harm and suicidal thoughts, for the volunteer pack?", None, false},
		{"the rope swing at the river is back up, the kids love it", None, false},
		{"how do we tie the banner to the railings, cable ties or rope?", None, false},
		{"spin class tonight, it's going to kill me", None, false},
		{"finally found the nerve. no more anything. night all", Crisis, false},
		{"can someone feed the cat if I don't turn up tomorrow, I'm not planning on being here", Crisis, false},
		{"another birthday, another year I didn't ask for", Concern, false},
		{"who'd miss me, honestly", Concern, false},
		{"I need someone to take over the page because I'm going tonight. I've thought about it properly and it's the right thing", Crisis, false},
		{"she'd rather die than do karaoke at the Christmas party", None, false},
		{"anyone got some rope or string for the bunting?", None, false},
		{"won't be at group tonight, my shift got changed, back next week", None, false},
		// Nineteenth round.
		{"sorry for the mess I'm about to leave. tell everyone I tried", Crisis, false},
		{"does the group page get archived when someone dies? I want my posts left up after tonight", Crisis, false},
		{"I just go through the motions and wait for it to be over, however long that takes", Concern, false},
		{"not suicidal before anyone panics, but it's the closest I've been to giving up in years", Concern, false},
		{"if someone says 'I want to kill myself' as a joke in group, do we still check in? for the training pack", None, false},
		{"my mate just texted 'I'm going to kill myself', what should I do", Crisis, true},
		{"I think about the time I tried to end it, it was 2008. My grandson was born this morning", None, false},
		{"it's been 5 years since I tried to end my life and I'm getting married in June", None, false},
		{"two years since I last self-harmed today. just wanted to tell someone", None, false},
		{"our group meets in a room at the railway station, is that OK?", None, false},
		{"knot-tying session at the scout hut, bring your own rope", None, false},
		{"can the rota for the overdose awareness stall go in the shared drive?", None, false},
		// Twentieth round.
		{"walking along the hard shoulder of the M62, hoping the next lorry doesn't swerve", Crisis, false},
		{"never mind the policy, I'll be gone by the time anyone reads it", Crisis, false},
		{"it'll be Monday before anyone notices, which suits me for what I'm doing this weekend", Crisis, false},
		{"today's the day. I'm at peace with it. thanks for all the chats", Crisis, false},
		{"no point making plans for next year is there", Concern, false},
		{"how do people keep going? I can't find a reason", Concern, false},
		{"she keeps apologising for existing", Concern, true},
		{"he said he wished he hadn't woken up after the operation", Concern, true},
		{"we broke down on the hard shoulder of the M6 on the way to the conference, AA on its way", None, false},
		{"thanks for all the help with the funding bid, you lot are stars", None, false},
		{"when I go I want my ashes scattered off the pier at Southport", None, false},
		// Twenty-first round.
		{"the wee boy next door has been on his own since last night, he's crying at the window", Crisis, true},
		{"bought charcoal and duct tape, the bedroom door shuts tight", Crisis, false},
		{"my flatmate swallowed a couple of batteries and some pins, she says she's fine", Crisis, true},
		{"i've had half a bottle of my sleeping tablets", Crisis, false},
		{"if i don't answer tomorrow it's because it worked", Crisis, false},
		{"I hate who I've become", Concern, false},
		{"my anorexia is creeping back", Concern, false},
		{"my friend keeps talking about wanting to disappear", Concern, true},
		{"can't go on the coach trip on Saturday, dentist appointment", None, false},
		{"I take my tablets with breakfast so I might be a bit late", None, false},
		{"took the old meds back to the chemist for disposal", None, false},
		{"seven months since I last self-harmed today", None, false},
		{"spoke up in group, right at the edge of my comfort zone", None, false},
		{"bought charcoal for the barbecue on Saturday", None, false},
		// Organisers asking about a moment that is over, the person safe
		// or looked after; a death told; and the same words while the
		// danger is still open.
		{"at group last week a member said she wanted to die. her partner picked her up and she's fine now. how do I record it?", None, false},
		{"a member said in group tonight he'd tried to hang himself at 19. he's doing well now. how do we talk about it next week?", None, false},
		{"we lost one of our members to an overdose last month, how do we mark it at group?", None, false},
		{"someone said in group tonight they want to kill themselves. i didnt know what to say. what should i do next time", None, false},
		{"she said last week she wanted to die and now she's not answering, what do I do?", Crisis, true},
		{"last week she took an overdose and was seen at A&E, she's home now but says she'll do it properly next time. what do I do?", Crisis, true},
		{"my friend's son took his life in the spring and now she says she wants to be with him, what do I do?", Crisis, true},
		{"a member told us in group tonight she'd taken an overdose before coming. her sister picked her up. should I have called someone?", Crisis, true},
		{"no one at school would care if i died lol", Concern, false},
		{"last night a member rang me saying he wanted to die. he's ok now and seeing his GP. was I supposed to call 999?", None, false},
		{"do we need insurance for this? a member talked about overdosing last month and the committee got worried", None, false},
		{"one of our regulars used to cut herself and told the group about it earlier, how do I make sure others felt ok?", None, false},
		{"her mum rang this morning, she passed away on Sunday. it was an overdose. how do I tell the group?", None, false},
		{"in group tonight someone said they'd tried to end their life before they found us. how do I make sure the others are ok?", None, false},
		{"a member told us last week she'd wanted to die over christmas, how do I record that?", None, false},
		{"my mate said last week he'd decided to end it, what should I do?", Crisis, true},
		{"she'd taken the lot before she rang me, what do I do?", Crisis, true},
		{"my mate said last week he wanted to kill himself, what should I do?", Crisis, true},
		{"someone posted at 2am in our chat that they can't do this anymore. we only saw it at 7. they're ok now, how do we make the group safer?", None, false},
		{"a member collapsed and died on our group walk last week, heart attack. do we report it as a serious incident?", None, false},
		{"how do i get a doctor's letter to support my housing application", None, false},
		// A disclosure of abuse that goes on, asked about, is answered
		// from the entries on disclosures; abuse now or threatened is not.
		{"a member told me tonight her partner hits her. she doesn't want the police. what do I do?", None, false},
		{"a member pulled me aside last week and told me her son has been hitting her. she's staying at her sister's now. what do I do now?", None, false},
		{"my friend just told me her partner is hitting her right now, what do I do", Crisis, true},
		{"a member told me her husband said he'll kill her tonight, what do I do", Crisis, true},
		{"my neighbour told me her boyfriend hits her and she's terrified to go home tonight, what should I do?", Crisis, true},
		{"Karen posted last night that she's tired of fighting. she's replied today saying she's OK but low. do we do anything?", Concern, true},
		// What a whole box would do is a question about a means; a
		// medicine question with no sign of risk gets the medical reply.
		{"what happens if you take a whole box of paracetamol", Crisis, false},
		{"what happens if a member takes a whole box of pills at group, whats the policy", None, false},
		// After blind-42 and -43 gave their final figures.
		{"tied a bit of rope round the beam to see if it would hold. it did", Crisis, false},
		{"bought a big box of paracetamol and some vodka tonight. not planning on seeing tomorrow", Crisis, false},
		{"went to four different chemists for paracetamol today", Crisis, false},
		{"I've popped all the tablets out of the packets", Crisis, false},
		{"my friend went silent on the call and her camera's off, she'd said she'd had enough", Crisis, true},
		{"put a new hook up and hung my bag on it to see if it would hold", None, false},
		{"picked up a box of paracetamol for mum on the way to group", None, false},
		{"not planning on seeing the film, too scary for me", None, false},
		{"her dad says she can't ask for her records, he has to do it for her. who's right?", None, false},
		{"a member posted on our facebook page about another member's overdose, do we need a social media policy?", None, false},
		{"worried about my friend, she's taken an overdose", Crisis, true},
		// What someone else wrote, quoted, is theirs.
		{"my mate just texted me 'im going to end it tonight' and now hes not answering", Crisis, true},
		{"my girlfriend posted \"I hate being alive\" on her story", Concern, true},
		{"I said to my sister 'I want to die' and she laughed", Crisis, false},
		// Words quoted to talk about words, and reports only imagined.
		{"Is 'kms' something we should moderate in the gaming channel?", None, false},
		{"Why do people say 'commit suicide'? What's the better phrase?", None, false},
		{"If a member ever told me they had a plan to end their life, am I allowed to break confidentiality?", None, false},
		{"if she texted me just now saying she's taken them all what do i do", Crisis, true},
		// Idioms of stress are not a crisis.
		{"This grant application is killing me", None, false},
		{"I'm dead tired after the AGM", None, false},
		{"I'd kill for a day off", None, false},
		{"we're dying to know if the bid was approved", None, false},
		{"my laptop died during the meeting", None, false},
		{"an overdose of meetings this week", None, false},
		// Questions about policy, negations and recovery in the past.
		{"How should our group respond if someone talks about suicide in a session?", None, false},
		{"what should our self-harm policy say", None, false},
		{"What should we do if a member says they want to end their life?", None, false},
		{"is there a safety plan template we can give members?", None, false},
		{"I'm not suicidal, I'm asking for our policy", None, false},
		{"I was suicidal years ago, now I run the group", None, false},
		// But the idiom does not hide a real crisis in the same message.
		{"this deadline is killing me and honestly I want to die", Crisis, false},
		{"Do we need a DBS check for volunteers?", None, false},
	}
	s := screener(t)
	for _, tt := range tests {
		name := tt.text
		if len(name) > 60 {
			name = name[len(name)-60:]
		}
		t.Run(name, func(t *testing.T) {
			v := s.Screen(tt.text)
			if v.Risky() != (tt.level != None) {
				t.Fatalf("Screen(%q) = %v (signals %v, learned %.2f), want %v", tt.text, v.Level, v.Signals, v.Learned, tt.level)
			}
			if tt.level == Crisis && v.Level != Crisis {
				t.Errorf("Screen(%q) = %v, want crisis", tt.text, v.Level)
			}
			if v.Risky() && v.Other != tt.other {
				t.Errorf("Screen(%q).Other = %v, want %v", tt.text, v.Other, tt.other)
			}
		})
	}
}

func TestScreenMedical(t *testing.T) {
	s := screener(t)
	for _, q := range []string{"What dose of sertraline should I take?", "should i stop taking my antidepressants"} {
		if v := s.Screen(q); !v.Medical || v.Risky() {
			t.Errorf("Screen(%q) = %+v, want medical and not risky", q, v)
		}
	}
	if v := s.Screen("Do we need a DBS check?"); v.Medical {
		t.Errorf("a DBS question is not medical")
	}
}

func TestStripIdioms(t *testing.T) {
	s := screener(t)
	got, had := s.StripIdioms("this bid is killing me, how do we cost overheads before the deadline?")
	if !had || strings.Contains(got, "killing") || !strings.Contains(got, "overheads") || !strings.Contains(got, "deadline") {
		t.Errorf("StripIdioms = %q, %v", got, had)
	}
	if got, had := s.StripIdioms("Do we need a DBS check?"); had || got != "Do we need a DBS check?" {
		t.Errorf("StripIdioms changed a plain question: %q", got)
	}
}

func TestNormalise(t *testing.T) {
	tests := []struct{ in, want string }{
		{"I can't do this anymore", "i can not do this any more"},
		{"im gonna end it 2nite", "i am going to end it tonight"},
		{"won't be around", "will not be around"},
		{"Sooo tired", "so tired"},
		{"he'll be fine", "he will be fine"},
		// A quotation mark is not a contraction.
		{"she said she's 'ready to go'", "she said she is ready to go"},
		// "ctb" stays itself: spelt out, it would be an ordinary bus.
		{"ctb 2nite", "ctb tonight"},
		{"gonnae walk intae the Clyde", "going to walk into the clyde"},
		// A short aside in brackets stays in its sentence; a long one
		// is a clause of its own.
		{"chair for years (Skipton) and done", "chair for years skipton and done"},
		// "'s" is "is" before a verb in -ing and "has" before been.
		{"partner's hitting me", "partner is hitting me"},
		{"her fella's been violent", "her fella has been violent"},
		{"the member's form", "the member form"},
		// A quotation is a thought of its own; the members' forms are not one.
		{"saying she was 'going to finish it' and gave her bracelet away", "saying she was going to finish it | and gave her bracelet away"},
		{"the members' forms and the \"new rules\" today", "the members forms and the new rules | today"},
		// Two choices, not a statement.
		{"we can or can't do it", "we can or not do it"},
		{"tired (long story, the hall flooded again) but fine", "tired | long story the hall flooded again | but fine"},
	}
	for _, tt := range tests {
		var parts []string
		for _, c := range normalise(tt.in) {
			parts = append(parts, strings.Join(c, " "))
		}
		if got := strings.Join(parts, " | "); got != tt.want {
			t.Errorf("normalise(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseExamples(t *testing.T) {
	if _, err := ParseExamples("x", []byte("- text: hi\n  label: maybe\n")); err == nil {
		t.Error("an unknown label was accepted")
	}
	if _, err := ParseExamples("x", []byte("- text: hi\n  label: none\n  who: them\n")); err == nil {
		t.Error("an unknown who was accepted")
	}
	exs, err := ParseExamples("x", []byte("- text: help\n  label: crisis\n  who: other\n"))
	if err != nil || len(exs) != 1 || exs[0].Label != Crisis || !exs[0].Other {
		t.Errorf("ParseExamples = %+v, %v", exs, err)
	}
}

// TestCrossValidateBySource checks that each source is screened only by
// a classifier trained without it, and that every example is screened once.
func TestCrossValidateBySource(t *testing.T) {
	exs, err := ParseExamples("a.yaml", []byte(`
- text: "I am going to end my life tonight"
  label: crisis
- text: "what time is the walk on Saturday"
  label: none
`))
	if err != nil {
		t.Fatal(err)
	}
	more, err := ParseExamples("b.yaml", []byte(`
- text: "I have the tablets ready and I am saying goodbye"
  label: crisis
- text: "can we book the hall for the AGM"
  label: none
- text: "sometimes I wish I wasn't here"
  label: concern
`))
	if err != nil {
		t.Fatal(err)
	}
	reps, err := CrossValidateBySource(append(exs, more...))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][3]int{"a.yaml": {1, 0, 1}, "b.yaml": {1, 1, 1}}
	if len(reps) != len(want) {
		t.Fatalf("got %d sources, want %d", len(reps), len(want))
	}
	for src, w := range want {
		r := reps[src]
		if got := [3]int{r.Crisis, r.Concern, r.None}; got != w {
			t.Errorf("%s: crisis, concern, none = %v, want %v", src, got, w)
		}
	}
}

func TestTrainingIsReproducible(t *testing.T) {
	corpus, err := EmbeddedCorpus()
	if err != nil {
		t.Fatal(err)
	}
	if len(corpus) < 1500 {
		t.Fatalf("corpus has %d messages; want at least 1500", len(corpus))
	}
	s := screener(t)
	a := train(corpus[:300], s.featureText, trainConfig{Epochs: 2})
	b := train(corpus[:300], s.featureText, trainConfig{Epochs: 2})
	for i := range a.w {
		if a.w[i] != b.w[i] {
			t.Fatalf("weight %d differs between two trainings on the same data", i)
		}
	}
}

// BenchmarkScreen is the screen's cost per message; the target is
// p99 under 200 µs at GOMAXPROCS=1 (see `waymark screen bench`).
func BenchmarkScreen(b *testing.B) {
	s := screener(b)
	msgs := []string{
		"Do we need to register as a charity if our income is about 3 grand?",
		"send me the DBS form, also I don't think I can keep going",
		"hiya, small hearing voices group in Leeds here, we've been going two years and the council asked if we have a safeguarding policy. what should it say about members who talk about suicide?",
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		s.Screen(msgs[i%len(msgs)])
	}
}

// TestEmbeddedModelIsCurrent retrains the classifier from the data in the
// repo and compares it with the one embedded, so a change to the corpus or
// to the knowledge base's questions cannot ship without `go generate
// ./safety`.
func TestEmbeddedModelIsCurrent(t *testing.T) {
	data, err := Train()
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := unmarshalModel(data)
	if err != nil {
		t.Fatal(err)
	}
	shipped, err := unmarshalModel(embeddedModel)
	if err != nil {
		t.Fatal(err)
	}
	for i := range fresh.w {
		if d := fresh.w[i] - shipped.w[i]; d > 1e-4 || d < -1e-4 {
			t.Fatalf("the embedded model differs from a fresh training (weight %d: %g vs %g); run go generate ./safety", i, shipped.w[i], fresh.w[i])
		}
	}
}

// BenchmarkScreenLongMessages is the cost of the corpus's long messages
// (over 400 bytes), which make the p99 of `waymark screen bench`.
func BenchmarkScreenLongMessages(b *testing.B) {
	s := screener(b)
	corpus, err := EmbeddedCorpus()
	if err != nil {
		b.Fatal(err)
	}
	var long []string
	for _, ex := range corpus {
		if len(ex.Text) > 400 {
			long = append(long, ex.Text)
		}
	}
	if len(long) == 0 {
		b.Fatal("the corpus has no long messages")
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		s.Screen(long[i%len(long)])
	}
}

// TestModelRoundTrip writes a trained model and reads it back: every
// weight and bias must come back exactly, and a cut or corrupt file must
// be refused rather than read as a smaller model.
func TestModelRoundTrip(t *testing.T) {
	corpus := []Example{
		{Text: "I want to end it tonight", Label: Crisis},
		{Text: "I don't see the point any more", Label: Concern},
		{Text: "what time is the walk on Saturday", Label: None},
	}
	m := train(corpus, func(s string) string { return s }, trainConfig{Runs: 1, Epochs: 2})
	data, err := m.marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := unmarshalModel(data)
	if err != nil {
		t.Fatal(err)
	}
	if back.bias != m.bias {
		t.Errorf("bias %v, want %v", back.bias, m.bias)
	}
	nonzero := 0
	for i := range m.w {
		if back.w[i] != m.w[i] {
			t.Fatalf("weight %d = %g, want %g", i, back.w[i], m.w[i])
		}
		if m.w[i] != 0 {
			nonzero++
		}
	}
	if nonzero == 0 {
		t.Fatal("the trained model has no weights")
	}
	raw, err := gunzip(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]byte{nil, []byte("not gzip"), mustGzip(t, raw[:len(raw)-5])} {
		if _, err := unmarshalModel(bad); err == nil {
			t.Errorf("unmarshalModel(%d bytes of a broken model) succeeded", len(bad))
		}
	}
}

func gunzip(data []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

func mustGzip(t *testing.T, raw []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(raw); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Idioms are blanked to empty words before the rules read a clause, so no
// rule may assume a word has a first letter: "met at <idiom>" once made
// pastWhen index an empty word.
func TestRulesSurviveBlankedWords(t *testing.T) {
	words := []string{"at", "on", "in", "last", "this", "used", "had", "would", "is", "told", "me", "tonight", "today", "how", "what", "she", "said", "not", "going", "been", ""}
	for _, w := range words {
		for _, ws := range []tokens{{w, ""}, {"", w}, {w, "", ""}, {"", w, "", ""}} {
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("%q: %v", ws, r)
					}
				}()
				pastWhen(ws)
				asking(ws)
				futureIn(ws, -1)
				reportDay(ws)
				ongoing(ws)
				disclosure([]tokens{ws})
				pastPerfect(append(tokens(nil), ws...))
				for i := range ws {
					sessionDay(ws, i)
					topicTold(ws, hit{start: i, end: i + 1, concept: cIntent})
				}
			}()
		}
	}
}

package safety

import "testing"

// conceptLevel is the verdict of the concept layer alone, without the
// classifier: these tests pin down what the phrases and rules recognise, so
// they do not change when the model is retrained.
func conceptLevel(s *Screener, text string) Verdict {
	return s.analyse(normalise(text)).verdict()
}

// TestIndirectConcepts covers the concept families added for indirect
// messages: each family has messages it must catch and messages in the
// same words that it must leave alone. The innocent ones are checked
// against the concepts only: whether the classifier also leaves them alone
// is measured on whole sets (`waymark screen eval`), which CI gates.
func TestIndirectConcepts(t *testing.T) {
	type tc struct {
		text  string
		level Level
		other bool
	}
	families := []struct {
		name  string
		cases []tc
	}{
		{"numbness and emptiness", []tc{
			{"feel numb most days now, like I'm watching my life through glass", Concern, false},
			{"haven't felt anything in weeks. can't cry, can't laugh", Concern, false},
			{"honestly I feel dead inside", Concern, false},
			{"numb fingers after setting up the gazebo in the rain", None, false},
			{"my leg's gone numb sitting through that AGM", None, false},
		}},
		{"not caring whether they wake, hoping for illness or an accident", []tc{
			{"honestly wouldn't bother me if I didn't wake up tomorrow", Concern, false},
			{"can you remove me from the WhatsApp? I'm not really fussed about anything anymore, including being here", Concern, false},
			{"lowkey wish a car would just clip me on the way to work", Concern, false},
			{"sometimes I hope the scan comes back bad so I don't have to keep choosing to get up", Concern, false},
			{"tbh I'd swap places with anyone who's got a terminal diagnosis", Concern, false},
			{"Anwen says she's past caring whether she wakes up or not", Concern, true},
			{"hoping the test results come back fine for my mum", None, false},
		}},
		{"no future, no point", []tc{
			{"there's no version of the future that I'm in", Concern, false},
			{"Could you update my email? honestly don't see much point in anything right now", Concern, false},
			{"Don't really see the point in planning that far ahead, not sure I'll care by then", Concern, false},
			{"genuinely can't see a way through this one", Concern, false},
			{"what's the point of this form if nobody reads it?", None, false},
			{"there's no point booking the big hall if only eight come", None, false},
		}},
		{"burden in other words", []tc{
			{"I keep thinking the kids would do better if I wasn't in the picture", Concern, false},
			{"my kids would have had a better life with a different mum", Concern, false},
			{"my husband keeps saying we'd be better off with the insurance money than with him", Concern, true},
			{"It'd be easier for my parents if I'd never been born", Concern, false},
			{"the admin burden of the new reporting is huge, can we reduce it?", None, false},
			{"we'd be better off without the old venue honestly", None, false},
		}},
		{"self-harm described, first and third person", []tc{
			{"held a lighter to my arm last night, I just needed to feel something", Concern, false},
			{"a lad in our group has burn marks up his arms", Concern, true},
			{"I've been hiding the scissors from myself because I keep wanting to cut", Concern, false},
			{"I burned my hand on the urn at coffee morning, can we get a safer one?", None, false},
			{"the council announced new cuts to our funding", None, false},
		}},
		{"indirect goodbyes", []tc{
			{"don't worry about the money I owe the group fund, it'll come out of my estate", Crisis, false},
			{"there's a box of my books by the door. I won't be reading them where I'm going", Crisis, false},
			{"none of this is your fault. you lot kept me going longer than I would have", Concern, false},
			{"tell Dave I'm sorry and Bonnie needs a new home", Concern, false},
			{"one of our members has started giving her things away. she's been really low since her mum died", Concern, true},
			{"I won't need the rota after this week as I'm moving to the Tuesday group", None, false},
			{"we're decluttering the storeroom and giving away the old board games", None, false},
			{"could someone look after the office cat over Christmas? I'm away from the 22nd", None, false},
		}},
		{"plans with a time", []tc{
			{"funny how calm you get once you've decided. tomorrow morning, before anyone's up", Crisis, false},
			{"we've decided on the venue for the AGM", None, false},
		}},
		{"places and means on an outing or an errand", []tc{
			{"am on the bridge. the one by the retail park", Crisis, false},
			{"I'm outside the station waiting for the fast one that doesn't stop here", Crisis, false},
			{"got the rope in the shed. the kids are asleep", Crisis, false},
			{"we're meeting at the bridge by the park gates at 10 for the walk and talk", None, false},
			{"the walk goes along the old railway line and over the viaduct, bring water", None, false},
			{"my car's in the garage till Friday so can someone give me a lift?", None, false},
			{"tug of war rope is in the shed, who's bringing the prizes?", None, false},
		}},
		{"danger from another person now", []tc{
			{"my partner is hitting me right now, I'm in the bathroom", Crisis, true},
			{"the lad next door is beating his girlfriend, I can hear her screaming", Crisis, true},
			{"my neighbour's threatening to burn the house down with his kids inside", Crisis, true},
			{"someone just told me their carer has been hitting them, what do I do?", None, false},
			{"my ex is outside with a knife saying he'll kill me", Crisis, true},
			{"he says he's going to kill me tonight", Crisis, true},
			{"when I said 'kill me' I meant the council's email, sorry bot", None, false},
		}},
		{"text-speak and dialect", []tc{
			{"ctb tonight. been planning it", Crisis, false},
			{"honestly wanna unalive rn", Crisis, false},
			{"im gna do it wen evry1s asleep", Crisis, false},
			{"Ah've had enough, gonnae walk intae the Clyde", Crisis, false},
			{"I'm away to end it, hen. Thanks for aw ye did", Crisis, false},
			{"I'm going to jump in front of the 6:40 tomorrow", Crisis, false},
			{"sorry for the spelling im shaking i just tuk evrything", Crisis, false},
			{"feel free to jump in if you've got ideas for the summer fair", None, false},
			{"I'm going to jump on the 6:40 train tomorrow to get to the conference", None, false},
			{"I'll catch the bus tonight to the meeting", None, false},
		}},
		{"the past, postvention and safe language", []tc{
			{"I tried to take my own life in 2016. now I want to share my story at the AGM", None, false},
			{"my brother took his own life in 2014 and I want to run a support group for siblings", None, false},
			{"one year since my overdose and I'm back at work", None, false},
			{"one of our long-time members died last week and it's thought to be suicide. how do we support everyone?", None, false},
			{"is it ok to use the phrase 'committed suicide'? we want the right language", None, false},
			{"don't worry, I'll be dead by then", Crisis, false},
		}},
		{"idioms", []tc{
			{"gonna throw myself into fundraising this year", None, false},
			{"jumping off this call now, the kids are home", None, false},
			{"my phone's about to die on the train, ring the hall if you need me", None, false},
			{"overdosed on Christmas chocolate again", None, false},
			{"I've written my handover letter for the new treasurer", None, false},
			{"putting my affairs in order for the move to Bristol", None, false},
			{"I won't be around next week, at my sister's wedding", None, false},
			{"I can't take any more zoom calls today", None, false},
			{"throwing myself into the river tonight", Crisis, false},
		}},
		// Someone witnessing an emergency asks what to do: a plea for help,
		// not a policy question, so it must not stand the screen down.
		{"a ligature on someone now, and a plea for what to do", []tc{
			{"HE'S GOT A BELT ROUND HIS NECK IN THE BEDROOM WHAT DO I DO", Crisis, true},
			{"she's got a scarf around her neck and won't answer me", Crisis, true},
			{"member said she wants to die, what do i do", Crisis, true},
			{"the scarf round my neck is too itchy for the walk", None, false},
			{"what do i do if a member tells me they feel suicidal?", None, false},
			{"what should i say to a volunteer whose friend died by suicide?", None, false},
		}},
		{"a named drug taken or held in an amount", []tc{
			{"downed a strip of my citalopram about ten minutes ago", Crisis, false},
			{"i have swallowed thirty of my mirtazapine", Crisis, false},
			{"got 50 of my nan's codeine in my bag and the house is empty till six, nobody in till then", Crisis, false},
			{"my sister took a box of her lithium and is being sick", Crisis, true},
			{"is it ok to take two ibuprofen with my sertraline?", None, false},
			{"the pharmacist said I can take 20mg of citalopram in the morning", None, false},
		}},
		{"wrists cut, someone going over a barrier", []tc{
			{"he's slit his wrist in the bathroom and there's blood on the floor", Crisis, true},
			{"there's a girl on the wrong side of the railings on the bridge by the station", Crisis, true},
			{"someone is climbing over the barrier at the top of the car park", Crisis, true},
			{"we're cutting the ribbon at the new hub on Friday", None, false},
		}},
		{"the last thing missing, the belt left off", []tc{
			{"everything is ready, I just need the nerve tonight", Crisis, false},
			{"seatbelt off and I know which bridge support, that's the plan for tonight", Crisis, false},
			{"I finally found the nerve to speak at the council meeting", None, false},
		}},
		{"praying to go in one's sleep, not wanting to be here, safe but not ok", []tc{
			{"I keep praying I'll die in my sleep", Concern, false},
			{"my dad has been talking about not wanting to be alive since mum died", Concern, true},
			{"I'm safe right now but honestly not ok", Concern, false},
		}},
		{"looking back, and asking for oneself", []tc{
			{"a member said last week that she'd thought about ending it. what should we have done?", None, false},
			{"someone in group told us he wanted to die. what do we do if it happens again?", None, false},
			{"hypothetically if someone took a whole packet of paracetamol how long would it take. asking for a friend", Crisis, false},
		}},
		{"a body in danger after an act", []tc{
			{"my partner is passed out on the bathroom floor and I can't wake her", Crisis, true},
			{"he's barely breathing and there's blood all over his arms", Crisis, true},
			{"I passed my driving test today!", None, false},
		}},
		{"voices that say to, a life that will end, notes and a set plan", []tc{
			{"the voices are right, tonight I'll do what they tell me", Crisis, false},
			{"my uncle says his life will end soon because he has stopped eating, and he gave me his dog", Crisis, true},
			{"the plan is set for Friday and I've written the notes", Crisis, false},
			{"the fundraising plan is set and the minutes are written up", None, false},
			{"our hearing voices group meets on Tuesdays", None, false},
		}},
		{"idioms of hangovers and last straws", []tc{
			{"so hungover i want to die, is the quiz still on?", None, false},
			{"one more time the printer jams and I'm going to jump out the window", None, false},
			{"my boss is going to kill me, I forgot the minutes", None, false},
		}},
		{"arrangements made and a time set by the light or an empty house", []tc{
			{"cat's been rehomed, bills are paid up. I'm only waiting for it to go dark now", Crisis, false},
			{"the room's tidied and the direct debits are set up for my sister. once it gets light I'll go", Crisis, false},
			{"it's all sorted for after my husband goes to work tomorrow, please don't try and talk me out of it", Crisis, false},
			{"funny how peaceful you feel once you've decided. saturday is the day", Crisis, false},
			{"we rehomed the rabbits when we moved to Perth, does the group still meet on Mondays?", None, false},
			{"I tidied the hall after group and set up the direct debit for the room hire", None, false},
		}},
		{"means gathered where nobody would ask, someone found barely conscious", []tc{
			{"I got them from three different chemists so nobody would ask", Crisis, false},
			{"came home and found my son barely conscious, empty blister packs beside him", Crisis, true},
			{"we buy the biscuits from different shops so nobody notices how much we spend lol", None, false},
		}},
		{"not needing to worry, handing things over", []tc{
			{"you won't have to worry about me after tomorrow. who do I pass the rota on to?", Concern, false},
			{"I'm on leave, who do I hand the rota over to?", None, false},
		}},
		{"at a height or out in the cold, seen now", []tc{
			{"a man is up on the ledge of the bridge, been there a while, what do I shout to him?", Crisis, true},
			{"I'm at the top of the hill path, it's dark and I don't want to come down", Crisis, false},
			{"been out in the frost since ten, not going back inside", Crisis, false},
			{"my dad is up on the roof again fixing the aerial, someone stop him", None, false},
			{"we're planning a wild swimming session at the lake in June", None, false},
		}},
		{"a day named, things left to people, a post that explains", []tc{
			{"funeral plan's paid, will done, tuesday's the day", Crisis, false},
			{"the email is queued for the morning. explains everything. wanted to say thanks to you all first", Concern, false},
			{"can somebody feed my cat from tomorrow. i won't be back", Concern, false},
			{"Dw i ddim eisiau byw", Crisis, false},
			{"tuesday is the day for the coffee morning, can you make a poster?", None, false},
		}},
		{"self-harm healing, urges and marks", []tc{
			{"my burns from the weekend are healing now, kept them covered", Concern, false},
			{"urges are really strong tonight, I've put the razors in the outside bin", Concern, false},
			{"the council cuts from last year are still hurting our budget", None, false},
		}},
		{"joining the dead, logins sent, someone hitting a named person now", []tc{
			{"my nan keeps saying she's ready to join grandad", Concern, true},
			{"he keeps saying he'll go and join his wife, tonight he's got his best suit on", Crisis, true},
			{"sending you my passwords so my sister can sort things after. don't reply to this", Concern, false},
			{"her boyfriend is kicking my sister right now", Crisis, true},
			{"the lad next door says he's going to set himself alight", Crisis, true},
			{"the dog keeps kicking my sister's ball over the fence", None, false},
		}},
		{"a waste of money, whether anyone would notice, why still here", []tc{
			{"I'm a waste of your money, mum", Concern, false},
			{"would anyone even notice if I was gone", Concern, false},
			{"why am I still here", Concern, false},
			{"would anyone notice if I left the meeting early?", None, false},
		}},
		{"ending things with a partner, laughing, goodbye cards, a recovered bad patch", []tc{
			{"I'm going to end things with my boyfriend, he never listens", None, false},
			{"I'll kill myself laughing if he wears that jumper again", None, false},
			{"can everyone sign Linda's goodbye card at group?", None, false},
			{"had a bad patch last winter, got help from the crisis team and I'm in a much better place now", None, false},
			{"is it ok to ask someone directly if they're having thoughts of suicide?", None, false},
		}},
		{"an attempt that failed, tablets saved, the house empty, a walk to the dam", []tc{
			{"did it on sunday but it didn't work. will do it right this time", Crisis, false},
			{"been keeping my meds aside for weeks instead of taking them, there's enough now", Crisis, false},
			{"I've got what I need and the flat will be empty from 3 tomorrow", Crisis, false},
			{"heading up to the reservoir now, had enough", Crisis, false},
			{"we're walking up to the reservoir on Saturday for the group walk", None, false},
			{"swallowed what was left of my tablets with the wine", Crisis, false},
		}},
		{"someone heard being hurt; 's read as is", []tc{
			{"her husband's hitting her again, I can hear it through the wall", Crisis, true},
			{"they were shouting for ages and now it's gone quiet, there was a thud", Crisis, true},
			{"the member's hitting target for the sponsored walk is £200", None, false},
		}},
		{"broken beyond repair, no purpose, letting people down", []tc{
			{"I'm broken beyond repair honestly", Concern, false},
			{"no purpose since I retired. just existing", Concern, false},
			{"all I do is let everyone down. I'm a useless dad", Concern, false},
			{"the old minibus is broken beyond repair, can we get a grant for a new one?", None, false},
			{"tried to kill the wasps in the kitchen at the hall", None, false},
		}},
		{"a drive to a bridge, not to be followed; milestones free of self-harm", []tc{
			{"driving to the bridge now, don't follow me", Crisis, false},
			{"keys are with the neighbour. everything's labelled. tell them it wasn't their fault", Concern, false},
			{"a year free from self-harm today!", None, false},
			{"we're driving to the bridge for the sponsored walk on Sunday, who needs a lift?", None, false},
		}},
		{"a method asked as a question, injuries worse than usual, someone vulnerable missing", []tc{
			{"how long would it take if someone took the whole box", Crisis, false},
			{"how long does a whole packet of biscuits last at group?", None, false},
			{"the cuts are worse than normal and there's so much blood", Crisis, false},
			{"my nan with dementia has wandered off and it's getting dark", Crisis, true},
			{"our cat has wandered off again, any tips for finding her?", None, false},
			{"last night of my life, no regrets", Crisis, false},
		}},
		{"stepping down from everything, things left for others", []tc{
			{"I'm stepping down, not just from the group. I've got everything together I need and I'm doing it on Saturday. please don't ring me", Crisis, false},
			{"he gave me his guitar and said he won't be needing it any more, then thanked me for being a good mate", Concern, true},
			{"I'm stepping down as chair at the AGM, can someone take the minutes?", None, false},
		}},
		{"a drain, nobody needing me, an elastic band", []tc{
			{"I'm a drain on everyone around me", Concern, false},
			{"nobody needs my moaning, I should leave", Concern, false},
			{"been pinging the hair band on my wrist till it marks", Concern, false},
			{"our boiler is a drain on the budget", None, false},
		}},
		{"already taken, a rope that was not for the garden, deserving pain, asleep for ever", []tc{
			{"I've already taken them, just want someone to talk to while it kicks in", Crisis, false},
			{"bought some rope today and it's not for the washing line. doing it tonight", Crisis, false},
			{"I deserve to be in pain", Concern, false},
			{"wish I could fall asleep forever", Concern, false},
			{"drowning in paperwork this week, can someone do the minutes?", None, false},
			{"bought some rope for the bean frames at the allotment", None, false},
		}},
		{"leaving everything tonight, a good innings, the highest car park, a thud then quiet", []tc{
			{"I'm leaving it all tonight, can you make sure someone keeps the group chat going", Crisis, false},
			{"my uncle posted 'had a good innings' and nobody can get hold of him", Concern, true},
			{"heading to the highest bridge round here, need to know by tonight when it gets quiet", Crisis, false},
			{"I wonder what I'm still here for", Concern, false},
			{"there was a bang next door and then it went quiet, she'd been screaming", Crisis, true},
			{"we had a good innings with the old venue, the new one opens in May", None, false},
		}},
		{"creative titles and hyperbole", []tc{
			{"a member wrote a song called Last Goodbye for the showcase, can we perform it?", None, false},
			{"lethal dose of coffee this morning but the bid is in", None, false},
			{"I'm going to throw myself into volunteering this year", None, false},
			{"dying of this cold, can someone open up on Thursday", None, false},
			{"I'm at the end of my tether with this printer", None, false},
			{"the cat is trying to kill me, she sleeps on every stair", None, false},
			{"last post in the old group chat, we're moving to the new one from Monday", None, false},
		}},
	}
	s := screener(t)
	for _, f := range families {
		t.Run(f.name, func(t *testing.T) {
			for _, c := range f.cases {
				v := conceptLevel(s, c.text)
				if v.Risky() != (c.level != None) || c.level == Crisis && v.Level != Crisis {
					t.Errorf("concepts(%q) = %v %v, want %v", c.text, v.Level, v.Signals, c.level)
					continue
				}
				if v.Risky() && v.Other != c.other {
					t.Errorf("concepts(%q).Other = %v, want %v", c.text, v.Other, c.other)
				}
				if c.level != None && !s.Screen(c.text).Risky() {
					// The classifier can only add to the concepts.
					t.Errorf("Screen(%q) is not risky but its concepts are", c.text)
				}
			}
		})
	}
}

// TestPastYear checks which numbers date a clause to the past.
func TestPastYear(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"i tried in 2016", true},
		{"back in 1998 i was unwell", true},
		{"since 2019 i have run the group", true},
		{"i am taking them in 20 minutes", false},
		{"the 2016 report", false},
		{"room 1234 at the centre", false},
	}
	for _, tt := range tests {
		if got := pastYear(normalise(tt.text)[0]); got != tt.want {
			t.Errorf("pastYear(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

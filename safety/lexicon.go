package safety

// concept is one idea the screen recognises in a clause. Concepts are
// combined into a verdict (see rules.go); no single word decides.
type concept uint8

const (
	cIntent   concept = iota + 1 // wanting, planning or about to die or kill oneself
	cSuicidal                    // suicidal feelings or thoughts
	cPassive                     // passive wish to be dead or not exist
	cHopeless                    // no point, can't go on
	cBurden                      // feeling a burden, others better off
	cSelfHarm                    // self-harm, not in immediate danger
	cMeans                       // a means at hand, made ready
	cPlace                       // at a place of danger
	cAct                         // an act under way or just done
	cGoodbye                     // a final message, letters, affairs in order
	cFarewell                    // softer farewells that only count beside another sign
	cPlan                        // a plan, a date, a decision
	cNow                         // tonight, right now, today
	cDanger                      // someone else in danger: violence, collapse
	cPolicy                      // a question about policy, training, or fiction
	cHypo                        // a hypothetical or a request ("if someone...", "can you send")
	cReady                       // a means made ready: tablets counted out, a rope set up
	cPast                        // recovery in the past
	cIdiom                       // words of harm used for something else
	cMedical                     // a medical question
	cErrand                      // an outing or ordinary errand: a walk, a venue, a car at the garage
	cLow                         // low mood, which only counts beside an indirect goodbye
	cGone                        // out of reach: phone off, left the chat, not answering
	cSettled                     // the moment is over and the person is safe or looked after
	cBereaved                    // someone has died
	numConcepts
)

var conceptNames = [...]string{cIntent: "intent", cSuicidal: "suicidal", cPassive: "passive-wish", cHopeless: "hopelessness",
	cBurden: "burden", cSelfHarm: "self-harm", cMeans: "means", cPlace: "place", cAct: "act", cGoodbye: "goodbye",
	cFarewell: "farewell", cPlan: "plan", cNow: "immediacy", cDanger: "danger-to-others", cPolicy: "policy-or-fiction", cHypo: "hypothetical", cReady: "means-ready",
	cPast: "past", cIdiom: "idiom", cMedical: "medical",
	cErrand: "errand", cLow: "low-mood", cGone: "out-of-reach", cSettled: "settled", cBereaved: "bereaved"}

func (c concept) String() string {
	if int(c) < len(conceptNames) && conceptNames[c] != "" {
		return conceptNames[c]
	}
	return "unknown"
}

// Word groups used inside the phrases below, spliced in by name with
// {group} so each list of synonyms is written once. "+" joins the words of
// an alternative that is several words long.
var groups = map[string]string{
	"self":    "myself|meself",
	"anyself": "myself|meself|himself|herself|themselves|yourself",
	"poss":    "my|his|her|their|your",
	"want":    "want|wanted|wants|wanting|need|needs|going|planning|plan|plans|planned|decided|about|ready|trying|tried|try|tempted|intend|intends|intending|mean|gonna|got|have|has|threatening|threatened|threatens",
	"kill":    "kill|killing|end|ending|top|topping|off|offing|finish|finishing|hang|hanging|drown|drowning|gas|gassing|shoot|shooting|suffocate|strangle",
	"hurt":    "hurt|hurting|harm|harming|harmed|cut|cutting|burn|burning|burned|burnt|scratch|scratching|scratched|injure|injuring|injured|punish|punishing|bruise|bruised|hit|hitting|stab|stabbing|stabbed",
	"pills":   "pills|tablets|meds|medication|medicine|paracetamol|painkillers|insulin|prescription|boxes|packets|packet|box|stash|antidepressants|antidepressant|sleepers|sleeping|codeine|tramadol|diazepam|tabs|prescriptions|morphine|oxycodone|cocodamol|amitriptyline|methadone|opioids|zopiclone",
	"person":  "he|she|they|him|her|them|member|members|mate|mates|friend|friends|partner|boyfriend|girlfriend|husband|wife|son|daughter|mum|dad|mother|father|brother|sister|cousin|colleague|volunteer|someone|somebody|lad|lass|guy|girl|woman|man|bloke|kid|child|teen|teenager|neighbour|flatmate|housemate|treasurer|chair|facilitator|organiser|attendee|person|client|nephew|niece|auntie|uncle|gran|grandad|nan|nana|nanna|grandma|grandpa|granny|pal|bestie",
	// drug names the pills group leaves out: named with a quantity or as
	// taken, they are the act itself, but named alone they are as often a
	// question about a prescription (see cMedical), so they are kept apart.
	"drug": "paracetamol|cocodamol|codeine|dihydrocodeine|tramadol|morphine|oxycodone|methadone|diazepam|valium|lorazepam|temazepam|clonazepam|xanax|benzos|zopiclone|zolpidem|sertraline|fluoxetine|citalopram|escitalopram|mirtazapine|venlafaxine|duloxetine|paroxetine|amitriptyline|nortriptyline|quetiapine|olanzapine|risperidone|aripiprazole|lithium|lamotrigine|propranolol|pregabalin|gabapentin|ibuprofen|naproxen|aspirin|nurofen|insulin|promethazine|nytol|sominex|antidepressants|antidepressant|painkillers|sleepers|pills|tablets|meds|tabledi|moddion",
	// qty is an amount that turns "took my tablets" into an overdose.
	"qty":  "all|loads|handful|fistful|bunch|lot|load|whole|every|too|lots|box|boxes|packet|packets|stash|pile|piles|heap|strip|strips|sheet|sheets|blister|blisters|dozen|dozens|ten|twelve|fifteen|sixteen|twenty|thirty|forty|fifty|sixty|hundred|10|12|14|15|16|18|20|24|25|28|30|32|35|40|45|48|50|56|60|70|80|90|100",
	"body": "arm|arms|leg|legs|wrist|wrists|skin|thigh|thighs|body|stomach|hands|face",
}

// lexicon lists the phrases of each concept, in the plain form the
// normaliser produces: lowercase, contractions expanded ("do not", "can
// not", "i am"), text-speak spelt out ("kms" is "kill myself"). "$" matches
// the end of a clause.
var lexicon = map[concept][]string{
	cIntent: {
		// Not planning to see tomorrow.
		"not planning|plan|intending on|to seeing|see tomorrow|another+day|the+morning|christmas|next+week|my+birthday|the+weekend|the+new+year",
		// A car driven into a wall; a train not to be caught.
		"put|putting|drive|driving|crash|crashing|plough|ploughing|steer|steering the|my car|motor into a|the wall|tree|bridge|lorry|river|sea|barrier",
		"train|trains ~10 not getting|not+going+to+get|not+catching|not+to+catch on it|it $|on+it",
		// The pills working, getting sleepy.
		"{pills} ~2 working|kicking+in|taking+effect ~4 sleepy|drowsy|woozy|dizzy|night|goodnight",
		// Not going to be alive next week.
		"not+going+to|not+gonna|will+not|would+not be alive|living|breathing|around+to+see next|by|after|on|tomorrow|at|for",
		// No tomorrow for them.
		"will|would not be a|any tomorrow|next+week|christmas|weekend for me", "there is no tomorrow for me",
		// Voices telling them to die or step off.
		"voices|voice ~4 telling|tell|told|saying|say|says|keep+telling|keeps+telling|want|wants me|him|her|them to step+off|jump|die|kill|end|hurt|harm|cut|drown|do+it|go+tonight",
		// Leaving everything tonight.
		"leaving|leave everything|it+all|all+this|this+world|everyone+behind tonight|today|soon|for+good",
		// Taking all of what they have when they get home.
		"going|gonna|planning|plans|about to take|swallow|neck it|them|the+lot all $|when|tonight|later|once|after|as+soon",
		// Finishing what was started; the last night of one's life.
		"going|gonna|about to finish|end what i|he|she started $|tonight|now|properly", "last night|day|morning|week of my life",
		// Trying before and getting it right this time.
		"get|do it right this time", "tried ~3 but it did not work|failed ~4 again|this+time|tonight|properly",
		// Setting oneself alight.
		"set|setting {anyself} alight|on+fire|ablaze",
		// Welsh: not wanting to live, wanting to die, killing oneself.
		"ddim|dim eisiau|isio|moyn byw", "eisiau|isio|moyn marw", "lladd fy hun",
		// Asking not to be talked out of it.
		"do|does not|_ try|bother|trying _|to|and talk|talking me|him|her out of it|this $",
		"{kill} {anyself}", "{kill} {poss} _|own life|lives", "take|taking|took {poss} _|own life|lives", "kill|killing {self} _|off",
		"end|ending it|things|everything all|now|tonight|today|tomorrow|soon|for+good|properly|$", "end|ending it all|everything",
		"commit|committing|committed suicide", "{want} to die|dying", "{want} to be dead|gone", "will not be alive", "will not be here|around|about to|after|by|for|when", "do not think i will see|make the|it morning|tomorrow|christmas|the+weekend|friday", "not plan|planning|intend|intending on|to coming|come back", "want die", "wish to die", "i|i+just|just want to die",
		"{want} to not be here|alive|around", "{want} to kill|end|top|off|hang|drown|gas|shoot {anyself}", "{want} to end|take {poss} _|own life|lives",
		"{want} to end it|things|everything", "{want} to do it _|tonight|now|today|soon", "want|wanna to|_ be dead",
		"suicide is|seems _|the|my only _|way|option|answer|choice", "going|gonna to|_ die tonight|today", "{want} to jump",
		"jump|jumping off|from the|a|that bridge|roof|cliff|building|car+park|multistorey|viaduct|ledge|balcony", "jump|jumping in+front+of",
		"step|stepping|walk|walking|throw|throwing in+front+of|under a|the train|bus|lorry|car|traffic", "walk|walking into the sea|river|loch|lough|water|traffic",
		"throw|throwing {anyself} off|in+front|under|into", "overdose|overdosing tonight|now|today", "{want} to overdose|od",
		"take|taking all|every ~2 {pills}", "take|taking the lot|whole+lot", "swallow|swallowing all|the+lot", "ctb", "check|checking out for+good|permanently",
		"put|putting an end to it|myself|everything|my+life|things", "end|ending my suffering|pain for+good|permanently|$",
		"not|never going to be here|around tomorrow|much+longer|for+long|by+then|next+week|by+the+weekend|by+morning|$", "will not be here|around tomorrow|much+longer|for+long|by+then|next+week|by+morning|$",
		"will not be a problem|burden for+much+longer|much+longer|for+long|any+more|soon", "not be a problem|burden for+much+longer|much+longer",
		"join|be+with my _|late mum|dad|mother|father|gran|nan|brother|sister|son|daughter|wife|husband|partner|friend soon|tonight|now|$",
		"going to join my", "on the other side", "disappear for+good|forever|permanently", "sleep forever|for+ever|permanently", "never see me again", "rope|noose ready|tied|set+up|up",
		"tonight is the night", "i will be dead by|before|soon|then|tomorrow", "go|going|get|getting in+front+of|under the|a train|bus|lorry", "check|checking out tonight|today|now|$",
		"going to the car+park|bridge|cliffs|cliff|tracks|railway|quarry|viaduct ~6 jump|jumping", "took|taken|swallowed|necked|downed the|a lot $|whole+lot", "{want} to be ~1 dead", "will|would|gonna jump", "about to do+it|jump|go+through+with+it", "and jump|jumping $",
		"going to the car+park|bridge|cliffs|cliff|tracks|railway|quarry|viaduct ~4 jump|jumping", "take it all|them+all|the+lot $", "will be gone before|soon|for+good|by+then|by+the+weekend",
		"finish|finishing {anyself} off", "tie|tying something|a|it ~2 round|around my|his|her|their neck", "belt|cord|rope|scarf|cable|wire|noose|ligature ~1 round|around his|her|their neck", "belt|cord|rope|cable|wire|noose|ligature ~1 round|around my neck", "checking|check out early|for+good",
		"took|taken|swallowed everything|all ~3 cupboard|drawer|box|packet|i+had|i+could|in+the+house", "this is the end $", "i am done for+good", "not wake up tomorrow",
		// A crash made to look like an accident, and intent in slang ("wanna unalive rn").
		"make|making it look like an accident", "so|then the insurance pays|will+pay|would+pay|pay out", "drive|driving|swerve|swerving|steer|steering off the road|cliff|edge|bridge", "drive|driving|swerve|swerving|steer|steering|crash|crashing|put+the+car|crash+the+car ~2 into a|the|oncoming ~1 tree|wall|bridge|river|lorry|lorries|barrier|support|pillar|traffic|sea|quarry|bus", "{want} to kill $|right+now|tonight|today|soon|now",
		// Ending it on a named day.
		"end|ending it|things|everything ~1 weekend|week|sunday|monday|tuesday|wednesday|thursday|friday|saturday|christmas|later|then",
		// Stepping onto the line; voices that say to.
		"step|stepping|walk|walking|jump|jumping onto|on+to|in+front+of the line|tracks|track|rails",
		// Thinking they will die; walking into a named river.
		"i think|feel i will|am+going+to|gonna die $|tonight|soon", "walk|walking|jump|jumping|go|going into|in the clyde|thames|tyne|mersey|severn|taff|lagan|forth|tay|dee|ouse|trent|avon|wear|humber|foyle|irwell|aire",
		// Stepping out in front of traffic.
		"step|stepping|walk|walking|run|running|jump|jumping out in+front+of|into+the+path+of ~1 a|the train|bus|lorry|car|traffic|van|truck",
		// Working up to it.
		"working|building|plucking up to it|the+courage|the+nerve",
		// Only the nerve is missing.
		"need|needs|needed|find|finding|get|getting|summon|summoning the|_ nerve|courage|guts|bottle now|tonight|to+do+it|to+go+through|$",
		// One more step.
		"one more step|push|jump and it is|i+am done|over|gone|finished",
		// Finishing it.
		"{want} to finish it|things|everything $|tonight|now|today|for+good",
		// Their life will end, said of anyone.
		"my|his|her|their life will|would|is+going+to|is+gonna end|be+over",
		// Going home to finish it.
		"going|gone|went|off|heading home|off|out|away|back to finish|end|do it|things|everything",
		// Away to end it (Scots).
		"i am away to|tae end|do|finish it",
	},
	cSuicidal: {
		"am|feel|feeling|felt|get|getting|been|being|so|really|very|proper|actively|quite|bit|little|pretty suicidal", "suicidal thoughts|thinking|feelings|urges|ideation|again|tonight|today|right+now|now|atm",
		"thoughts|thinking|think|thought|thinks about|of suicide|dying|death|ending+it|killing+myself|killing+himself|killing+herself|killing+themselves|ending+my+life|ending+things|not+being+here|taking+my+life|jumping|the+bridge|the+tracks",
		"thinking|think about|of doing it", "urge|urges to die|end+it", "keep|kept thinking about jumping|dying|ending+it|the+bridge|the+tracks|death",
		"i am in crisis", "suicidal $", "i am suicidal", "suicide $",
		// Voices that say to, and agreeing with them.
		"the voices are|is right|telling+me+to|tell+me+to|want+me+to|say+i+should", "do|doing what the+voices|they say|says|tell|want|told",
		// Thoughts that keep returning to a place.
		"keep|kept|keeps thinking about the canal|river|sea|railway|cliffs|quarry|water|cliff|viaduct|multistorey",
	},
	cPassive: {
		// Relief or hope at being hit, a plane going down; waiting for God; might as well not be here.
		"just|only waiting for god|the+end|death|the+lord", "might|may as well not be here|around|alive|exist|wake+up|be+dead", "pray|praying|prays ~4 will|would|to take me|them|him|her",
		// Lived long enough; would not mind if God took them; no great loss.
		"i|he|she|they have|has lived long enough", "would|wouldnt not ~1 be sorry|mind|care if the+lord|god|jesus took|takes|came+for me|him|her|them",
		"be|is no|not+much+of+a|not+a great|big _|loss if i|he|she|they|anything", "nobody|noone|no+one ~4 would|will|wld care|notice|miss+me if i died|was+dead|was+gone|disappeared|was+not+here|vanished",
		"see|know what i am still doing here", "what am i still doing here", "not be around much|for longer|long",
		"might|may not be around for christmas|it|next+year|much+longer|long $",
		"stopped|stop|not caring|care ~2 if|whether i|he|she|they live|lives|living or die|dies|dying", "does|do|did not care what happens to me|her|him|them",
		"what ~4 still here for", "not being|not+be around for the next|another", "not seeing|cannot+see|can+not+see the point $|anymore|any+more|in+anything|of+anything|in+life|of+life|of+it+all",
		"what is the point in|of recovery|sobriety|getting+clean|getting+sober|getting+better|staying+clean|staying+sober",
		"might|may as well be dead|gone|in+the+ground", "will|would not see another|next winter|christmas|summer|year|birthday|spring",
		"would|wouldnt not ~1 care|mind|bother if a|the bus|lorry|car|train took|hit|knocked|ran|wiped",
		"would|wouldnt|would+not not ~1 be bothered|mind|care if i|he|she|they did not|didnt make it to|through|past", "i|he|she will|would not be anywhere $", "who would|will _|even notice|care|miss+me $",
		"relieved|glad|happy|grateful|pleased|would+not+mind|not+mind ~3 if|when i got|get|was|were hit|run+over|knocked+down", "if|when i got|get|was|were hit|run+over|knocked+down ~8 relieved|glad|grateful|would+not+mind|be+happy", "hoping|hope|wish|pray|praying|wishing the|my plane|flight|train|bus ~3 crashes|goes+down|crash|comes+off|falls|derails",
		// Falling asleep forever.
		"asleep forever|for+ever|permanently|and+never+wake|and+not+wake",
		// Rather die than; only hanging on for the dog; those thoughts again.
		"would rather die than|_", "only hanging|holding on for|because+of the|my dog|cat|kids|children|mum|mam|dad|grandkids", "having|had|got those|the ~1 thoughts again",
		// What if I was not here.
		"what if i was not|were+not here|around|alive",
		// Thoughts of swerving or stepping out.
		"thoughts|thought|urges|urge|images ~1 about|of swerving|crashing|jumping|stepping+out|driving+into|falling|stepping+in+front",
		// Going to join someone who has died; being taken in one's sleep; whether anyone would notice.
		"go|going|gonna|ready|wants+to|want+to and|to join|be+with nana|nan|gran|granny|grandad|grandma|grandpa|his+wife|her+husband|mum|dad|mam|my+wife|my+husband", "take|takes|took me in my sleep", "anyone|anybody|people|they would|will even|actually|_ notice|care|miss ~2 if i went|was+gone|disappeared|died|was+not+here|left",
		// Wishing to unexist.
		"unexist|unexisting|cease+to+exist",
		"wish|wished|wishing|wishes i was|were|could+be ~1 dead|gone|never+born|not+here|not+alive|dead+already", "wish i could|would _|just die|disappear|not+wake+up|sleep+forever|stop+existing|vanish|not+exist|stop+breathing",
		"wish i did|had not exist|existed|been+born|woken+up|wake+up|woke+up", "wish i just|simply|never did|had not|never ~1 woken|woke|wake", "wish|wished|wishing i was|were not here|alive|born|around", "sleep and _|just not|never wake up",
		"go to sleep and not|never", "not|never wake up", "do not want to be|stay alive|here|around|living", "do not want to exist|live|wake+up|go+on|carry+on|keep+going|keep+living|be+alive",
		"do not want to be here any more", "no longer want to live|exist|be+here|be+alive|go+on", "not want to be here|alive|around", "want|wanted|wants|wanting|wanna to disappear|vanish|stop+existing|not+exist",
		"want it|everything|this all|_ to stop|end", "want it|everything|this all|_ to be quiet|over|silent|still $|now|forever", "better off dead", "rather be dead", "would rather not exist|be+here|wake+up|be+alive",
		"tired|sick of living|life|existing|being+alive|being+here", "done with life|living|everything|it+all|existing", "wish it would all end",
		"no reason to live|be+here|carry+on|keep+going|go+on|stay", "nothing|nobody|no+one to live for", "could just not exist",
		"pray|hope|hoping i do|will not wake up",
		// Praying to go in their sleep; talking about not wanting to be here.
		"pray|praying|prays|hope|hoping|hopes|wish|wishing ~3 go|die|pass|slip+away|drift+off|pass+away in my|his|her|their sleep", "not wanting|want to be here|alive|around|exist|live", "would not|never|not have|had the guts|bottle|nerve|balls|courage $|to+do+it|to+go+through|to+actually",
		// Safe for now, but not all right.
		"safe right+now|for+now|at+the+moment|now ~3 but|though|just ~3 not ok|okay|alright|good|fine", "life is not worth living", "not worth living", "what is the point in|of living|life|being+alive|going+on|carrying+on|me|existing|trying|anything",
		"why am i _|even alive|here", "why bother living|being+alive", "should not be alive", "do not deserve to live|be+alive|be+here",
		"hope|wish|pray i get|got|would+get hit by", "hoping|hope the|a|next lorry|bus|train|car|van does not|will+not|won't swerve|stop|brake", "want|wanting|wants|wanted to get|be hit|run+over by",
		"hoping|hope|wish|wishing|praying ~4 finishes|finish|will+finish|takes|take|kills|will+take me off|_ $|to+be+honest|honestly",
		"can not wait for the end $|to+be+honest|honestly", "no point making|in+making|in+planning plans|anything ~4 next+year|the+future|ahead", "can not find|see a|any reason $|to+keep+going|to+carry+on|to+live|to+stay", "point of me $|is|anymore|any+more",
		"sorry|apologising|apologise|apologises|apologized|apologised for existing|being+alive|being+here", "wish|wished|wishes they|he|she had not|did+not woken|woke|wake up", "wait|waiting for it to be over|to+end|to+stop ~3 however|whenever|$", "can not see how this|it|things|life gets|get|will+get|is+going+to+get any better|better",
		"might as well lose|give+up the rest|everything|it+all", "closest i have|i+have+ever|i+am|i+have+come been|come to giving up|ending+it|packing+it+in|the+edge", "another year|birthday|christmas i did not ask|want|need for|_ $", "who would|will|is+going+to miss|notice me $|is|honestly|anyway|really|though|if+i+was+gone|if+i+went|if+i+died", "if tomorrow did not|never|does+not come|happen ~4 ok|okay|fine|alright|mind|bothered|happy", "downhill till|until|to the end",
		"envy|envies|envied|jealous+of people|those|anyone|folk who die|died|go|went in their sleep", "want to fade away", "not waking up would be", "let me die", "bus|car|lorry|train hit|hits|killed me ~6 mind|bothered|care|upset", "walk|walking into traffic|the+road", "mind|care if i did not|didnt survive|wake|make+it", "do not see much|any reason to keep|go|carry", "hit by a bus|car|train|lorry ~8 mind|bothered|care", "not to let her|me|him|them wake up", "not let her|me|him|them wake up", "never meant to be here|born|alive", "a mistake that", "should die", "deserve to die", "not being around by|after|at", "dark|bad thoughts", "the thoughts are|again|back", "gutted|sad|disappointed|annoyed|angry i woke up", "given up hoping|hope", "thought|thoughts|idea of not existing|not+being+here|dying|death|being+dead is|feels|are comforting|appealing|tempting|peaceful|nice", "wish something|someone would|could _|just kill me|hit+me|end+it", "jealous|envious of people|those|anyone who have died|are+dead",
		"trade|swap places with ~3 dying|dead|died", "would not mind if|dying|not+waking|being+dead", "no more days", "why i am|she+is|he+is|they+are still here|alive",
		"crash|crashed|crashing into me", "why i _|even bother staying|being alive|living", "waiting|wait to die", "favour by not being around|here|alive", "not being around|here would", "want|wants|wanting|wanted|joking|jokes about wanting to be dead|die", "let the cancer|illness take me",
		// Not caring whether they wake; hoping for an illness or an accident; envying the dying; peace in the thought of not being here.
		"not|do+not|would+not|could+not really|_ fussed|bothered|care|mind ~6 being+here|being+alive|living|if+i+wake|whether+i+wake|if+i+do+not+wake|if+i+died|if+i+die|if+i+did+not+wake|if+i+never+woke|if+i+do+not+make|dying|if+something+happened", "wish|hope|hoping|pray|praying a|the|some car|bus|lorry|van|train would|will|might|could ~2 hit|clip|knock|run+me|take+me|kill", "hope|hoping|wish|wishing ~4 something+terminal|it+is+terminal|it+is+cancer", "hope|hoping|wish|wishing ~4 comes|come back bad|positive", "hope|hoping|wish|wishing ~4 finds|find something terminal|serious|wrong|bad", "so i do not have to keep going|living|choosing|deciding|trying|waking|getting+up|existing|carrying+on|fighting", "so i do not have to carry|go on", "so i do not have to wake|get up", "so i do not have to be here|alive", "swap|trade|swapping|trading places with ~6 terminal|cancer|dying|dead|died", "pretend|pretending|pretends ~3 life is|it+is worth", "wish|wishing|wished it had+been|had|was|were me instead|$|not+them|not+him|not+her", "sure|doubt|think|whether|if i will still _|be here|around|alive much+longer|for+much+longer|for+long|next+year|by+christmas|by+spring|by+the+summer|in+a+year|by+then", "not+sure|doubt|do+not+think i will _|be here|around|alive much+longer|for+much+longer|for+long|next+year|by+christmas|by+spring|by+the+summer|in+a+year", "will+not|not|never matter soon anyway|for+long|for+much+longer", "only reason i am|he+is|she+is|they+are|we+are still here|alive|around", "only thing|one|person keeping me|him|her|them here|alive|from", "about being ready to go $", "said|says|saying ~3 i|she|he|they am|is|are ready to go $|she|he|they|i|and|but|so|again|twice", "not sure|doubt i will care|be+bothered|mind by+then|much+longer|any+more", "peace|comfort|comforting|relief|relieved|appealing|calm ~4 imagining|thinking|idea|thought|picturing ~3 not+being+here|not+existing|not+waking|dying|being+dead|being+gone|not+being+around", "do not see myself getting|growing|being|making ~1 old|around|it|older", "can not see myself being|getting|growing|making ~1 old|around|here|it|older", "do not want to be safe|kept+safe|saved|rescued",
		// Past caring whether they wake; death no longer frightening; better off under the ground.
		"past caring|care ~3 whether|if i|she|he|they wake|wakes|live|lives|die|dies", "death|dying does+not|no+longer scare|scares|frighten|frightens me", "better off six+feet+under|in+the+ground|not+existing", "thought|thoughts|idea of not+existing|not+being+here|dying|death|being+dead ~3 comforting|appealing|tempting|peaceful|nice|a+relief", "doubt|not+sure i will need it|this|them|that by|after|next|much+longer",
		// A grave or coffin emoji with "wish that was me".
		"grave|coffin|funeral ~2 wish|wishing that|it was|were me",
		// Relief at the thought of a terminal illness; sleeping for a very long time; pretending to want to be here.
		"terminal|cancer|diagnosis ~6 be relieved|a+relief|be+glad|be+grateful", "sleep for a very|really _|long time|forever ~3 not|never", "pretending|pretend i want to be here|alive|living",
		// Dark thoughts; frightened of themselves.
		"thoughts|head|mind are|is|have+been|been|getting ~1 dark|scary|black|dangerous", "scared|frightened|afraid of myself|what+i+might+do|what+i+will+do|what+i+could+do",
		// Running out of reasons to stay; overstayed their welcome on earth.
		"running|run|ran out of reasons to stay|live|be+here|keep+going|carry+on|stay+alive", "not many|few|fewer reasons to stay|live|be+here|keep+going|carry+on|stay+alive", "overstayed ~1 welcome on|in earth|this+world|this+planet|the+world|life",
		// Only still here because of someone; imagining one's own funeral.
		"only still here|alive|around because|for", "imagining|imagine|picturing|planning|thinking+about ~1 my|his|her own funeral",
	},
	cHopeless: {
		// Hating who one is or has become.
		"i hate|loathe|despise who|what i am|have+become|i+have+become|i+became",
		// Enough of everything, no future, no meaning, little reason left: in anyone's words, quoted ones included.
		"had enough of everything|life|it+all|living|being+alive", "not|no|never|can+not|could+not see|seeing a|any future for myself|themselves|himself|herself|me|them|him|her", "life has|holds no|not+got+any|little meaning|point|purpose ~2 for|any+more|anymore|now", "little|no|not+much reason|point to carry|go|keep|get on|up|going",
		"what is the point in|of getting|trying+to+get better|well|help|treatment", "nails into my|his|her|their wrist|wrists|thigh|thighs|arm|arms",
		// Thoughts that come and go, louder tonight; the mind going to dark places; a safety plan in use.
		"the|my|those thoughts ~2 are|were|get|getting|got|is louder|loud|bad|worse|back|again|stronger", "head|mind|brain ~2 keeps|kept|goes|going|went|gone to dark|bad|horrible places|place", "using|following|need|needed|reading|read|got+out|getting+out my|her|his|their safety plan",
		// Not knowing how much longer they can carry on; a life only counted down to bed.
		"do not|dunno|no know how much|how+long longer i|she|he|they|you can|could do this|go+on|keep+going|cope|take+it|last|hold+on", "what kind|sort of life is this|that $",
		"counting down to bed|bedtime|sleep ~4 switch|turn off|out",
		// Feelings creeping back; just surviving; still here for what; worthless.
		"same|those|old|dark feelings|thoughts ~2 creeping|coming|are+back|returning", "just surviving|existing until|till|through", "what am|_ i am|_ still here|alive for", "feel|feeling|felt ~2 worthless|useless|hopeless",
		// Nothing good will happen again; empty all the time.
		"nothing good will|is+going+to ever|_ happen|come", "empty all the time|every+day|inside+all+the+time",
		// Broken beyond fixing; no purpose, just existing.
		"i am|feel|feeling|i+feel ~1 broken|ruined|damaged beyond fixing|repair|saving|help", "i am beyond help|saving", "no purpose $|any+more|left|in+life", "just existing $|really|now",
		// Asking why they are still here.
		"why am i still here|alive|around|breathing",
		// No reasons left.
		"run|ran|running|ran+right out of reasons|reasons+to+keep+going|reasons+to+stay|reasons+to+carry+on", "no reasons left|to+stay|to+keep+going",
		"no point any+more|anymore|in+anything|in+living|in+life|in+going+on|in+trying|in+me|to+anything|to+life|in+it+all|to+it+all|$", "do not see the point _|any|anymore|$",
		"see no point", "nothing is going to get better", "nothing will ever get better", "not seen|see the point of|in anything|in+it", "what is the point type|stuff|thoughts|posts|messages", "can not see any other way|way+out", "why i should|would bother", "stopped caring what happens to me", "do not care what happens to me", "what is left $", "do not think i can keep+going|go+on|carry+on|cope|do+this|take+much+more|last|make+it|hold+on", "can not see the point", "do not see what any of it is for", "do not know why i bother", "can not see a|any way+out|future|point|reason|end", "what is the point any+more|anymore|of+anything|of+me|of+it+all|$",
		"can not go on", "can not carry on", "can not keep going", "can not cope _|any|anymore|with+anything|$", "can not do this|it any+more|anymore|$",
		"can not take it|this any+more|anymore|$", "can not take any+more", "can not face anything|life|living|another+day|tomorrow|it+all", "can not live like this",
		"can not be here any", "can not do life", "can not keep doing this", "can not hold|hang on any", "not sure i can keep going|go+on|carry+on|do+this",
		"no way out", "no future", "nothing will _|ever get|change better|$", "never going to get better", "never get better", "hopeless", "no hope", "lost all hope",
		"given|giving|give up on everything|life|myself|living|it+all", "empty inside", "numb inside", "there is no way forward", "barely holding on",
		"holding on by a thread", "nothing matters", "what is even the point", "done trying", "tired of fighting|trying|everything", "so tired of it all",
		"can not be bothered with life|living", "i am done $", "i am so done $", "i just can not any", "i can not any+more", "can not anymore",
		"everything is pointless", "life is pointless", "nothing gets better", "no light", "cannot see a way", "i am done with it all",
		// Numbness and emptiness, no future to picture, nothing left to try.
		"can not see a|any way through $|this+one|it+all|any+of+it|any+more", "nothing left to try|live+for|lose", "do|can not see much|any point in|of anything|living|life|it+all|going+on|carrying+on|trying|me|bothering", "see no|little point in|to anything|living|life|trying|it+all|going+on|me", "feel|feeling|felt|feels|am|so|just numb $|inside|most|all|every|again|any|for|lately|these|now", "numb again|inside|all+the+time", "not|have+not|has+not felt|feel anything ~1 in|for weeks|months|ages|a+long|days", "can+not|do+not feel anything|a+thing any+more|anymore|$", "already dead", "dead inside", "like a ghost", "watching my life", "just existing $|for|not+living", "just exist $", "can not see|picture|imagine myself|a|any future|getting+old|growing+old|being+around|next+year", "no version of ~3 future", "can not picture|imagine|see ~2 future", "end of the road $|with+it+all|with+everything|for+me", "had|have had it with life|everything|living|it+all", "done fighting $|this|it", "do not know why i keep trying|going|bothering|fighting", "why he|she|they|i should|would|has+to|have+to keep+trying|keep+going|carry+on|keep+living|stay+alive|be+here|go+on|bother", "struggling|struggle to see a|any future|point|way+out", "do not really|even see the|any|much point", "wish|wishes|wished|wishing he|she|they|i would|had|was|were _|never been born|not+been+born", "heading for|into a bad|dark|really+bad|really+dark place", "running on empty ~5 much+longer|keep+going",
		// Nothing the writer does matters; "what is the point" mid-sentence.
		"not that anything i do|say matters", "what is the point and|but|or",
		// Had enough; never going to be fixed; life feels pointless.
		"i have had enough $|of+everything|of+life|of+it+all|of+living|of+being+alive", "never going to be|get fixed|happy|okay|ok|right|well", "what is the point of|in any+of+it|any+of+this|anything|it+all", "life|everything|it+all feels|seems pointless|meaningless|empty",
		// What is the use; nothing makes a difference; life is a chore.
		"what is the use $|of+anything|of+trying|of+me|any+more|i|she|he|they", "nothing i do makes|make|matters|changes any|a|_ difference|$", "life is _|just|such|one+long a|an chore|punishment|sentence|burden|endurance+test",
		// What it is all for.
		"what is it all for", "what is any of it for",
		// Nothing to look forward to.
		"nothing to look forward to|live+for",
	},
	cBurden: {
		// Letting everyone down; not worth the effort.
		"letting|let everyone|everybody|us+all|them+all|the+lads|the+family|his+family|her+family down", "i am not worth the effort|saving|the+bother|the+trouble|anything|keeping+around",
		// "The kids are better off", said and left there.
		"kids|children|family|everyone|everybody|they|you|wife|husband|partner|mum|dad|all|boys|girls are|is|would+be|will+be|were|be better off $|now|without|and|but",
		// Deserving pain.
		"deserve|deserved|deserves to be in pain|hurt|suffer|punished|die|be+dead",
		// Useless to everyone.
		"useless|no+use|no+good to everyone|everybody|anyone|anybody",
		// A drain, nobody needing one's moaning, costing people money.
		"i am a drain|weight|waste", "nobody|no+one needs|wants my|me", "all i do is cost|drain|take|use",
		// Letting people down; a rubbish mum.
		"all i do is let|letting ~1 people|everyone|everybody|them|you down", "i am a rubbish|useless|terrible|awful|shit|crap|failure+of+a mum|mam|dad|wife|husband|partner|friend|person|mother|father|son|daughter",
		// A waste of someone's money or space.
		"i am a waste of your|his|her|their|space|oxygen|money|time|everyone",
		"i+would|i+will be better off gone|dead|out+of+it|not+here|six+feet+under", "wish|wished it|they|he|she|the+accident|the+crash had taken|killed|got me instead", "just waiting to go|die|for+the+end|for+my+turn $", "ready for the box|my+box|the+wooden+box",
		"better off without me", "better off if i was|were gone|dead|not+here|not+around", "better off when|once i am gone", "better without me",
		"am|feel|being|i ~3 burden", "feel like a burden", "being a burden", "such a burden", "burden to|on everyone|everybody|my+family|you|them|the+group|people",
		"everyone|everybody|they|people|my+family|my+kids would|will be _|so|much better|happier|fine off|without", "nobody|no+one would|will care|notice|miss",
		"nobody|no+one cares", "i ruin everything", "i am a waste of space", "waste of space|oxygen", "i am worthless", "i am the problem",
		"drag|dragging everyone down", "being a drain", "too much for everyone|everybody|people", "stop bothering people|everyone", "drag|dragging the mood|everyone|the+group|people down", "taking|take up space", "worth more with me not|without me|if+i+was+gone|dead", "worth more dead", "outlived my|their|his|her usefulness", "carry|go on fine|fine|better ~1 if i|you vanished|disappeared|was+gone|were+gone", "get|gets more from my|his|her|their life+insurance", "easier|better not to be around|here|alive", "easier|better if i|i+just was|were not around|here|alive", "spinning|fine|better without me",
		"notice|care if i was|were gone|not+here|dead", "hate|hates|hated myself|himself|herself|themselves", "will not need me after|soon|any+more", "better off without him|her|them", "easier|better time|_ if i was|were not around|here|alive", "easier|better time|_ if i was|were gone|dead", "world would be better", "i only make things worse",
		// Others better off without the writer, in words other than "better off" and "burden".
		"better|happier|easier|fine|off if|once|when i was|were|am|wasnt not in+the+picture|here|around|alive|born", "better|happier|easier|fine|off if|once|when i was|were|am gone|dead", "better life|lives|childhood|chance with|without|if+they+had a|another different|better|other|_ mum|dad|mother|father|parent|partner|wife|husband|mam", "partner|wife|husband|kids|children|family|boyfriend|girlfriend|she|he|they deserves|deserve someone|somebody|better ~2 better|else|who+is+not|who+isnt|than+me|not+broken|normal", "better off with the|his|her|my|our ~1 insurance|money|payout|life+insurance", "no+one|nobody needs|wants me any+more|anymore|$|around", "i am just|only|always in the|everyone|everybody way $|to+everyone", "in everyone is way", "drain on everyone|everybody|my+family|the+group|you+all|people|them",
		// Just a problem for others.
		"i am just|only|such a problem|nuisance|hassle|liability", "being a problem|nuisance|hassle for|to everyone|everybody|people|them",
		// Others relieved or better off if the person were gone, said of anyone.
		"relieved|happier|better|easier ~2 if|once|when i|she|he|they was|were|is|are|had not|never|gone ~2 around|here|alive|born|$", "easier|better|happier|simpler for ~3 if i would|had|was|were never|not|gone|dead",
		// Not a problem for anyone soon; the world does not need another me; a lost cause.
		"will not be a problem|burden|bother|nuisance to|for anyone|anybody|everyone|you+all|any+of+you", "need|needs another me", "world|everyone|anyone would+not|does+not|will+not need|miss me", "nobody|no+one would|will even|really notice|care|miss", "i am a lost cause", "wasting your|their|everyone|everybody time on me",
		// An easier life without the writer.
		"easier|better|happier|simpler ~1 life|lives|time ~1 without me",
		// Nobody left who would care.
		"no+one|nobody left who|that would|will|could care|notice|miss",
		// Tired of being the problem.
		"tired|sick of being the|a problem|burden|nuisance",
	},
	cSelfHarm: {
		// An eating disorder returning; a band snapped on the wrist till it marks.
		"eating+disorder|ed|anorexia|bulimia ~4 back|creeping+back|coming+back|returning|returned|creeping+in",
		"snapped|snapping|snap|flicked|flicking a|the|my ~2 band|bobble|hairband|elastic ~4 wrist|wrists ~4 red|welty|welts|marks|bled|bleed|raw",
		// Searches about self-harm found on someone's phone or tablet.
		"searches|searching|search+history|googling|googled|looked+up|looking+up ~3 self+harm|selfharm|self+harming|cutting",
		// Long sleeves through a hot summer; plasters and blood in the bin.
		"wearing|wears|wore|wearin long sleeves|sleeved ~4 summer|heatwave|hot|warm|sunny|boiling", "plasters|bandages|dressings|tissues ~3 in the|her|his|their bin|bins|bedroom|room|bag",
		// Head banged against a wall, or made to by voices.
		"bang|banging|banged|bash|bashing|hit|hitting my|his|her|their head against|off|on|into the|a|my wall|walls|floor|door", "make|makes|made me bang|hit|bash my head",
		// An elastic band snapped until it bruises.
		"elastic|rubber|hair band|bands ~4 wrist|bruise|bruises|marks|hard",
		// Cuts that are healing, urges, nails pressed into skin, blades put away.
		"cuts|burns|scratches ~4 healing|healed|heal|scabbed|scarring|infected", "urges are|is|were|was ~1 bad|strong|back|worse|awful", "nails into my|his|her arm|arms|skin|leg|legs|hand|wrist", "blades|razors ~3 in the|outside bin|away",
		// A cut that is healing, and the urge still there.
		"i did cut|cutting last|again|yesterday|this", "i cut again|last+week|last+night|yesterday",
		"{hurt} {self}", "{hurt} my {body}", "{hurt} himself|herself|themselves|themself", "burns|cuts|hurts|harms herself|himself|themselves|myself with", "burns|cuts|hurts|harms himself|herself|themselves|myself", "i|been|am|started|keep|still|currently|was|have self harm|harming|harmed|injuring", "my self harm", "self harm|harming again|lately|recently|tonight|right+now", "started|start|been|keep|kept cutting|burning|hurting|scratching|harming",
		"cutting|burning|scratching again|lately|recently", "i relapsed|have+relapsed", "relapsed on|with|into ~2 self+harm|cutting|harming", "cutting|self+harm|self+harming|urges is|are back", "thought i was past it", "urge|urges to cut|hurt|self", "bang|banging|hit|hitting my|his|her|their head on|against|off", "punch|punching walls|the+wall",
		"starving myself", "making myself sick", "self harm is creeping|coming back", "self harmed|harming yesterday|again|last+night|today|this+week",
		"punched|punching the wall|walls|a+wall", "hitting|hit himself|herself|themselves|myself", "cuts on her|his|my|their ~1 arm|arms|forearm|forearms|wrist|wrists|legs|thighs", "healing cuts", "how she|he|i|they copes|cope", "arms|arm|wrists|wrist|legs bleeding", "clean from self harm", "cut again", "scars|scar",
		// Burning, scratching or marks described without the words "self-harm", in the first or third person.
		"lighter|cigarette|flame|iron|compass|blade|razor|scissors|pin|needle to|on|against|into my|his|her|their|_ {body}", "{hurt}|burns|cuts|scratches ~4 with a|the|his|her|my lighter|compass|blade|razor|pin|needle|scissors|cigarette", "{hurt} his|her|their {body}", "marks|cuts|burns|scratches|bruises ~2 up|on|all+over|across ~2 {body}", "fresh|new|recent marks|burns|scratches|wounds", "fresh cuts", "urge is|are back", "used|using a blade|razor|blades again|on|for+the+first",
		// Wanting to cut.
		"keep|keeps|kept wanting to cut|hurt|harm|burn|self+harm",
		// A relapse, as a noun.
		"relapse|relapsed with|into|on ~2 self+harm|self+harming|cutting|harming",
		// Arms all cut up.
		"{body} all|_ cut|cut+up|scratched|slashed|marked+up ~1 up|$|and",
	},
	cMeans: {
		// Paracetamol bought by the box, or from shop after shop.
		"bought|got|buying|picked+up ~4 big|huge|large|massive|two|three|four|five|several|few|extra|more box|boxes|packet|packets|pack|packs of {drug}", "three|different|several|two|four|five ~1 chemists|pharmacies|shops|supermarkets ~4 for|to+get|buying {drug}",
		// What a whole box would do.
		"what|wat happens|happen|would+happen|will+happen if ~3 take|took|takes|swallow|swallowed|swallows|had|have|necked ~2 {qty} ~4 {drug}",
		// Charcoal and tape together, as a method.
		"charcoal ~5 tape|taped|sealed|seal|sealing|vents|bedroom|tent", "tape ~5 charcoal",
		// A bottle beside all the pills.
		"all my pills|tablets|meds|medication $",
		"bottle|bottles of whisky|vodka|gin|wine|rum|brandy ~4 all my|the pills|tablets|meds|medication", "all my pills|tablets|meds ~4 bottle of whisky|vodka|gin|wine|rum|brandy",
		// The handbrake off at a viewpoint or a drop.
		"handbrake|brakes off would|could|and|then|is", "parked|sat|sitting|stopped at|on|by the|a viewpoint|clifftop|cliff+top|cliff+edge|edge",
		// Asking whether a train is instant.
		"hit by a train|lorry|bus ~4 instant|quick|painless|quicker",
		"{pills} lined|saved|counted|laid|ready|sorted|stockpiled|collected|hoarded|hidden|stashed|in+front",
		// An amount of a named drug in hand; the belt left off in the car.
		"have|got|holding|with|found ~2 {qty} ~4 {drug}", "{drug} all|_ here|with+me|next+to+me|in+my+hand|in+front+of+me|lined+up|i+gyd", "seatbelt|seat+belt|belt off|undone|unbuckled|unclipped $|and|on+purpose", "lined|saved|counted|stockpiled|collected|hoarded|hidden|stashed up|_ {pills}",
		"saving|stockpiling|collecting|hoarding|storing|counting up|_ my|the|all|_ {pills}", "all my|the {pills}", "enough {pills}", "whole box|packet|packets|boxes",
		"got|have|bought|found|holding|with a|the|some rope|noose|ligature", "rope|noose|ligature", "tied a|the rope|noose|knot", "engine|car running", "hose|hosepipe",
		"in the garage with", "car in the garage", "got|have|holding|bought with a|the|my knife|blade|razor|blades|gun|shotgun", "knife|blade|razor in|to|on my|hand",
		"bottle|bottles of vodka|whisky|gin|wine|pills", "mixed|mixing ~2 pills|tablets|drink|alcohol|vodka",
		"how many {pills} would|to|does+it", "lethal", "overdose", "the gun", "poison", "bleach", "antifreeze",
		"stopped|stopping taking my|_ insulin|heart|meds", "{pills} here|with+me|next+to+me|in+my+hand|in+front+of+me", "pile|piles|heap of {pills}",
		// A branch or beam that will hold; and what was looked up or bought, named.
		"strong|sturdy branch|beam|hook", "researching|researched|looked+up|looking+up|googled|googling|searched|searching ~3 how+to|ways+to|ways|method|methods|rope|pills|tablets|dose|overdose|lethal|painless|how+many+it+takes|how+much+it+takes|how+many+would|how+long+it+takes", "bought|got|ordered ~3 rope|pills|tablets|dose|overdose|lethal|poison",
		// Guns kept at home, for the farm or otherwise.
		"keep|keeps|kept|has|have|got guns|a+gun|shotgun|shotguns|rifle|rifles|firearms|a+shotgun|a+rifle", "with the|a|his|her|my|their shotgun|gun|rifle|air+rifle",
		// A means kept ready.
		"keep|keeping|kept a|the|my knife|blade|razor|rope|pills|tablets ~3 under|in|for|by",
		// A bag of pills held up; a dog lead without the dog; scissors hidden from oneself.
		"held+up|holding|holds|showed|showing|shows ~1 a|the|her|his|my bag|bags|box|boxes of {pills}", "handful|fistful|pile|piles|heap of {pills}", "dog lead", "hiding|hid|hidden the|my scissors|razors|knives|blades|pills|tablets|meds from {self}",
	},
	cPlace: {
		// Walking along the hard shoulder.
		"walking|walk|stood|standing|sat|sitting|wandering along|on|down|by|in the hard+shoulder|central+reservation|motorway|dual+carriageway|slip+road",
		// The highest car park or bridge in town.
		"highest|tallest|top car+park|bridge|building|multistorey|cliff|point|block|tower",
		// Driving to a bridge or a cliff.
		"driving|heading|walking|going|cycling to the|a ~3 bridge|viaduct|cliffs|cliff|quarry|dam|reservoir|multistorey|car+park|tracks|railway $|now|tonight|do+not|and",
		// Floors up.
		"floors|storeys|stories up $",
		// Walking up to a dam or a viaduct now; standing on a chair now.
		"walking|going|heading|driving|climbing up|down|out|over to the dam|reservoir|quarry|bridge|cliffs|cliff|viaduct|tracks|railway|weir|pier|flyover", "standing|stood on the|a chair|stool now $",
		// On a roof edge or the top floor of a car park, out in the snow for hours, at the top of a hill in the dark.
		"sat|sitting|standing|stood|perched on the|a edge|ledge|parapet|railing|railings", "on|up the|a roof of the|a flats|building|block|car+park|multistorey|tower", "top floor|deck|level|storey of the|a multistorey|car+park|multi+storey|tower|block|flats", "out in the snow|cold|frost|freezing|rain|sea since|for|all", "i am at|on|up the top of",
		"on|at|off|near|by|over|under|beside|edge+of|top+of the|a|this _|railway|rail+way|rail|train|station|motorway|road|river|old|big|high|suspension bridge|roof|rooftop|ledge|cliff|cliffs|tracks|track|platform|viaduct|parapet|pier|crossing|balcony",
		// Going down to the water after this message.
		"going|heading|walking down|out to the river|canal|sea|loch|lough|water after+this|tonight|now|$",
		"on|at|near|by|beside the|a train|railway|rail tracks|track|line|lines|crossing", "to|towards|down+to|out+to the|a train|railway|rail line|lines|tracks|track", "multi storey", "multistorey", "car park roof|top", "top floor|_ of the|a car+park|multistorey|building|tower|multi",
		"at the bridge|cliff|cliffs|river|canal|docks|harbour|pier|beach|loch|lough|quarry|reservoir", "by the river|canal|water|sea|tracks|loch|lough|docks|railway",
		"in the river|canal|sea|water", "into the river|canal|sea|water|loch|lough|traffic", "the bridge", "the tracks", "the edge", "the cliffs", "the viaduct", "the railway",
		"up|to the quarry|cliffs|bridge|tracks|railway|viaduct|multistorey", "climb|climbed|climbing|climbs over the|a barrier|railing|railings|fence|edge|parapet", "going under the|a ~1 train|bus|lorry", "platform edge", "towards|toward the river|bridge|sea|cliffs|cliff|tracks|railway|water|canal", "on|at|off ~2 bridge|viaduct|cliff|cliffs|roof|ledge", "beachy head", "erskine bridge", "forth bridge", "humber bridge", "clifton suspension", "the motorway bridge",
		// A tree or wall on a bend, with the belt off or a plan beside it.
		"big|old|large _|tree|oak|wall on|at|round the|a bend|corner",
		// At the very edge.
		"end|edge of the platform|bridge|pier|cliff|roof|jetty|quay",
		// Waiting for a train that does not stop; the woods.
		"fast one|train|trains|ones ~3 does|do not stop", "next|the|a|that train|trains|one ~3 does|do|will not stop $|here|at", "in|into|to the woods|forest",
		// Out on a window ledge or a roof.
		"onto|out+onto|out+on the|a|this _|window ledge|roof|parapet|balcony|railing",
		// The top of any car park or building.
		"top floor|deck|level|storey ~4 car+park|multistorey|multi+storey|building|tower|flats",
		// By a reservoir or a lake.
		"by|at the reservoir|quarry|lake|weir|pier|dam|loch",
		// Waiting for the fast train through, the one that does not stop.
		"next|the|a fast|nonstop|express one|ones|train|trains through|past $|is|at|in|due",
	},
	cAct: {
		// Batteries, glass or blades swallowed; half a bottle of
		// tablets taken.
		"swallowed|swallowing|swallows ~3 batteries|battery|glass|razor|razors|blades|blade|screws|nails|pins|needles|magnets|bleach",
		"had|taken|took|necked|swallowed|downed half|most|all ~1 a|the|_ bottle|packet|box|tub|strip|pot of ~2 {pills}",
		// A wound deep enough to show fat, tendon or bone.
		"i|you can see the|some|my fat|fatty|bone|tendon|tendons|yellow+bit|white+bit|muscle",
		// Already swallowed; someone to talk to while it happens.
		"already swallowed|taken|took|had|necked them|it|the+lot|everything|all", "talk|talking|someone|somebody ~3 while it happens|kicks+in|works|takes+effect",
		// A named drug, then "took a load".
		"{drug} ~8 took|taken|swallowed|had a+load|loads|too+many|the+lot",
		// Cuts deeper than usual, so much blood.
		"cuts|cut are|is|were|was ~1 deeper|deep|bad|gaping|worse than|not+stopping", "so|too much blood|bleeding", "loads|lots|a+lot of blood",
		// An attempt last night that did not work; marks on the neck; standing in water.
		"tried last|yesterday|earlier|again|on ~2 and|but it did not|_ work|work+out", "marks|mark|bruises|bruise|red+line|red+marks on|round|around my|his|her neck", "walked|waded|walking|wading|stood|standing into|in the reservoir|loch|lough|river|sea|lake|canal|water|dam up+to|to|past my|his|her",
		// Whatever was left of the tablets swallowed.
		"swallowed|took|taken|necked|downed whatever|what|everything was|is|_ left of ~2 {pills}",
		"taken|took|swallowed|necked|downed ~2 all|loads|handful|bunch|lot|load|whole|every|too|lots|box|boxes|packet|packets|stash ~3 {pills}",
		// An amount of a named drug taken, in any wording ("swallowed a
		// pile of paracetamol", "took 2 strips of my propranolol").
		"taken|took|swallowed|necked|downed|had|taking|swallowing ~3 {qty} ~4 {drug}", "taken|took|swallowed|necked|downed ~4 {drug} ~6 heart|chest|breathing|head|vision|sick|dizzy|drowsy|shaking|weird|funny",
		// Wrists or throat cut: an act, not self-harm without danger.
		"slashed|slit|slitting|slashing|sliced|opened ~2 my|his|her|their|_ wrists|wrist|throat|veins",
		// Someone going over the railings or the barrier.
		"climbing|climbed|climbs|getting|got|gone|went over the _|railings|railing|barrier|parapet|edge|side|fence|wall $|of|at|on", "climbing|climbed|climbs|getting|got|gone over $", "on the wrong side of the _|railings|railing|barrier|fence|parapet|edge",
		"taken|took|swallowed|necked|downed|had ~2 an|a overdose|od", "swallowed|taken|took|necked a handful|load|lot|bunch|packet|fistful of", "overdosed|overdosing", "{hurt} {self} now|right+now|tonight|as+we+speak|again+tonight",
		"{hurt} right now", "cut|cutting too deep", "bleeding everywhere|badly|heavily|a+lot", "will not stop bleeding", "no|not|wont|isnt stopping|stop bleeding", "is not stopping", "can not stop the bleeding", "blood everywhere",
		"just cut|burned|hurt {self}", "am|is cutting|burning {self}|$|right+now|in+the", "the pills are kicking in", "took|taken|swallowed ~3 {pills} all at+once|in+one+go|together", "taken|took|swallowed what i _|would|had saved|stockpiled|collected|had",
		"starting|started to feel drowsy|sleepy|dizzy|faint", "feeling faint", "taken them", "took them", "it is too late $",
		// Tablets taken and the writer or someone else feeling their effect.
		"took|taken|swallowed ~3 {pills} ~6 feel|feels|feeling|felt sick|dizzy|drowsy|faint|weird|strange|funny|ill|sleepy",
		// Many tablets taken; a cut deeper than meant; blood through a towel.
		"take|took|taken|swallowed many|lots+of|too+many {pills}", "take|took|taken|swallowed ~3 {pills} ~6 feel|feels|feeling|felt sick|dizzy|drowsy|faint|weird|strange|funny|ill|sleepy", "cut|cutting|went deeper than i meant|wanted|intended", "soaking|soaked|bleeding|bled through the|a|my towel|towels|bandage|plaster|dressing|tissue|tissues",
		// Signs of a body in danger after an act, whoever it is: out
		// cold, not answering, blood all down them.
		"passed out|barely+responding|not+responding|unresponsive|unconscious|will+not+wake|can+not+wake|can+not+wake+him|can+not+wake+her|floppy|turning+blue|lips+blue $|on|in|and|but|now", "barely|hardly|not responding|breathing|conscious",
		"blood all down|over|up my|his|her|their arms|arm|legs|wrists|face|neck",
		// Already done, too late.
		"its|it+is|it+was too late $|now|to+stop", "already done|taken|took|swallowed it|them $|now",
		// Had taken everything before calling.
		"had|has|have taken|swallowed|necked|downed the+lot|everything|all+of+them|the+whole+lot|them+all|the+whole+packet|the+whole+box",
		// Just took everything.
		"just took|taken|swallowed everything|it+all|the+lot $",
		// Everything in the cupboard swallowed; "taken a handful" with
		// nothing after it.
		"taken|took|swallowed|necked|downed everything|all ~3 in|from the|my cupboard|cabinet|drawer|drawers|medicine+cabinet|medicine+box|first+aid+box",
		"taken|took|swallowed|necked|downed a|_ handful|fistful $|and|but|now|tonight|earlier",
		// "Took loads. Feeling weird."
		"taken|took|swallowed|necked|downed loads|lots|too+many|the+lot $|and|now",
	},
	cGoodbye: {
		// Silence explained in advance: it worked.
		"if i do not reply|answer|respond|message ~6 it worked|it+has+worked|i+did+it|i+am+gone|i+have+gone", "because|cos|coz|cause it worked $",
		// The good suit laid out; a last session nobody knew was the last.
		"laid|laying|lay|put|putting out my good|best|funeral suit|dress|clothes", "did not know it was my last", "nobody|no+one|they did|does not know know it was|is my last",
		// A last word to pass on: "tell the lads it's been an honour".
		"tell|pass+on ~3 it has been an honour|a+privilege",
		// Not to be followed.
		"do not follow me|come+after+me|come+looking",
		// Sorry for not holding on.
		"sorry i|she|he|they could not hold on|go+on|keep+going|stay|stick+around",
		"this is my last message|post|text $", "my|this final message|post|text|words", "last|final words", "suicide note", "this is goodbye", "goodbye forever|for+ever|world|cruel|for+good|everyone+forever",
		"my goodbyes", "funeral music|songs|song|plans|wishes|hymns", "by the time you|anyone|anybody|someone read this", "see you never", "by the time anyone|anybody|you|someone reads this", "it will be done $", "last time you will see me", "if you are reading this", "will need these|this|them after tonight|when+i+am+gone", "last thing to sort|do", "signed the house|flat|car over", "nobody|no+one finds|will+find|can+find me|her|him", "nobody|no+one will find them", "when|after the inquest", "final wishes", "nice knowing you", "before i go tonight|for+good|forever", "say|saying my goodbyes", "letters|letter|notes|note for|to my|the kids|children|family|mum|dad|partner|wife|husband|loved+ones|everyone|boys|girls|son|daughter",
		"tell ~3 i love them|her|him|you", "gave|given|giving|give away ~2 my|all|his|her stuff|things|belongings|possessions|everything|books|plants|clothes|pets|cat|dog|guitar|games|playstation|records", "affairs in order",
		"put|putting|sorted|sorting ~2 everything in order", "when|after|once i am gone $", "will not see me again", "see you on the other side", "goodnight forever",
		"signing off for+good|forever|permanently", "posted|put|wrote|sent|messaged|left ~3 goodbye|goodbyes|suicide+note|last+message", "goodbye message|post|note|letter|video", "goodbye everyone|all|folks|guys $", "letter|letters|note|notes to|for ~1 mum|dad|mam|my|his|her|their", "instructions for my funeral", "my funeral",
		"last goodbye", "do not look for me", "do not try to find me", "do not come looking", "said goodbye to everyone", "saying goodbye to everyone",
		// Debts left to the estate, and things the writer says they will not need where they are going.
		"out of my estate", "my estate will|can|should|pays|pay", "will not need|be+needing|be+reading|be+using ~4 where i am going",
		// Notes left on the table, one for each of them.
		"left|leaving|written|wrote notes|letters on|by|under the|my|our table|side|bed|mantelpiece|mantel|fridge|pillow|desk", "one|a+note|a+letter for each of you|them|the+kids|the+committee",
		// Tonight is when I'll do it.
		"tonight|tomorrow|today|friday|saturday|sunday|the+weekend is|_ when i will|i+am+going+to|i+am+gonna|i+will+finally do it",
		// Found the nerve; no more anything; not planning on being here.
		"finally found|found|got|plucked+up the nerve|courage $|now|tonight", "no more anything|everything $", "i am not planning|planning+on on|to being|be here|around|alive $",
		// Sorry for the mess about to be left; tell them I tried; posts
		// left up after tonight.
		"sorry for|about the mess i am about|going to leave|make|cause", "tell ~3 i tried|i+did+try|i+really+tried $",
		"want|would+like my posts|page|account|messages|profile left|kept up|there after tonight|when+i+am+gone|after+i+die|after+i+am+gone",
		// Rather they heard it from the writer than from the police.
		"rather|better they|you|she|he|you+all|everyone hear|heard|hears it from me ~2 the police|news|papers|someone+else|a+stranger",
		// The last they will hear from the writer; nobody coming to look.
		"last you|yous|youse|you+all|anyone|everyone|any+of+you will|are+going+to hear|see of|from me", "nobody|no+one|noone will|would|is+going+to come+looking|come+round|come+to+check|check+on+me till|until|for|before",
		// Gone by the time anyone reads it.
		"will|i+will be gone|dead by the time anyone|anybody|you|someone|people reads|read|sees|see it|that|this",
		// Not wanting people to see what happens next.
		"do not want|wanting people|anyone|you|them|the+group|everyone ~1 seeing|to+see|watching what happens|comes next",
		// The last call.
		"the|this last call i|he|she|they am|is|are making", "this is my last call $",
		// If they are missing, it is because they did it.
		"it is because i did|have+done it $",
	},
	cFarewell: {
		// "It's been an honour", "it's been emotional".
		"it has been an honour|a+privilege|emotional",
		// Handover notes left; they will need it.
		"handover notes|note|document|doc are|is|in", "they will|they+are+going+to need it|this|them $",
		// A good innings; nobody can reach them.
		"been|had a good innings|run|life", "no+one|nobody|noone can|could get+hold+of|reach|contact him|her|them",
		// Not needing things any more, thanks for being a good friend, cards left on the table, a letter with a name on it, not to be rung.
		"will|would not be using|needing|need it|them|this|these $|any+more|anymore", "thanks|thank+you|thanked+me|thanked+us for being a good|great|true|proper mate|friend|pal|sister|brother", "bank+cards|cards|wallet|phone|keys ~3 on|left+on|are+on the kitchen+table|table|side|bed", "envelope|letter|note with|addressed+to his|her|my|their ~1 name|mum|dad|mam", "not just from the group|committee|chat|role", "written|wrote|writing it all|everything down for them|you|her|him|the+kids", "do not ring|call|phone|text|come+round me $|tonight|again",
		// A letter on the table for someone.
		"letter|note|envelope|envelopes|letters|notes on|by|under the table|side|mantelpiece|mantel|fridge|door|bed|pillow ~2 is|are for",
		// Everything left in order for whoever sorts the flat; the dog given
		// away; lighter than in years.
		"left|leaving|got everything in+order|sorted|straight for whoever|whoever+sorts|the+family|when", "gave|given|giving the dog|cat|dogs|cats|budgie|rabbit to", "feel|feeling|felt lighter|calmer than i have in|for years|ages|months|a+long+time",
		// At peace with it; thanks for all the chats.
		"i+am|i+feel|feeling|i+have+made at peace with it|this|my+decision|everything", "thank|thanks you|_ for all the chats|talks|messages|support|help|laughs $|over|they|it",
		// "Yous were the best bit."
		"you|yous|youse|you+all|you+lot|you+guys were|have+been|are the best bit|best+thing|best+part|best+people",
		// Everything labelled.
		"everything is|has+been labelled|sorted|in+order|organised|tidied $",
		// The last one, the last look.
		"last one|look|time $",
		// Good things given away for more use.
		"gave|given|giving|give ~2 my|his|her|their ~1 jacket|coat|watch|ring|necklace|bag|laptop|phone|car|camera|bike|guitar", "you will|you+would|you+can get more use out of|of it|them",
		// Dressed in the best suit, logins sent, things sorted after, the door bolted.
		"put|putting|wearing|got his|her|my good|best|funeral suit|dress|clothes", "sent|send|sending|given|gave|giving ~3 my bank|_ login|logins|password|passwords|details|pin", "sort|sorting things|everything|it|stuff out|_ after $", "do not reply to this $", "thanks|thank+you for the company", "do not send anyone|anybody|someone|the+police round|over|to+check", "door is|has+been bolted|locked|barricaded",
		// Arrangements listed, a post that explains, things left to a named person, not going back.
		"funeral plan|plans paid|sorted|done|arranged|in+place", "will done|sorted|signed|written $|and", "explains|explain|explaining everything $", "wanted|want|wanna to say ta|thanks|thank+you|goodbye ~3 first|before $", "make sure ~2 gets|has|keeps|looks+after my|the", "sorted it all|everything $", "will not be back $|again", "feed|mind|walk|look+after my cat|cats|dog|dogs|fish|pets|rabbit|hamster|budgie from|after tomorrow|tonight|today|now|friday|the+weekend", "not going back in|inside|home|down $", "do not want to come down|back|home|in $",
		// Arrangements made so nobody else has to: pets rehomed, the flat cleaned, bills and debits set up for someone, the calm after deciding.
		"my affairs", "rehomed|rehoming|rehome|found+homes+for the|my|his|her dog|dogs|cat|cats|pets|pet|rabbit|rabbits", "tidied|cleaned|cleared|sorted the|my flat|house|room|place", "flat|house|room is|has+been|_ clean|cleaned|tidy|tidied|sorted", "dog|dogs|cat|cats|pets|pet ~1 rehomed|have+been+rehomed|has+been+rehomed|are+rehomed|gone+to+new+homes|has+gone+to+a+new+home", "set up|sorted|arranged the|my direct+debits|standing+orders|bills for", "so my|the family|kids|children|mum|wife|husband|partner do|does|will not have to", "feel|feeling|felt|get|gets peaceful|calm|at+peace once|now|since|after", "how calm|peaceful|settled you|i get|feel|am", "feels|feel|felt|feeling like a weight off|lifted", "thank|thanks|thank+you for listening|being+there|putting+up ~2 all these|all+this months|years|time", "not need|have to worry about me any+more|anymore|after", "who to pass|hand it|this|everything|things on|over to", "who do|should|can i pass|hand ~3 on|over to", "will not be here|around _|on sunday|monday|tuesday|wednesday|thursday|friday|saturday",
		"thank you for everything", "thanks for everything", "sorry for everything", "sorry for being|for+all", "take care of yourselves|yourself|each+other",
		"you have all been|you all have been|you were all|you have been so good|kind", "forgive me", "look after ~2 my", "this is it", "signing off", "logging off for+good",
		"not be at the|next meeting|session|group", "will not be at", "not be coming back", "not coming back", "love you all", "i love you all", "remember me",
		"not your fault", "phone is|has off|been+off|switched+off|dead", "life insurance", "who wants my|his|her", "nobody is fault", "no one is fault", "goodbye", "farewell", "made|written|wrote|updated a|my will", "password|passwords for|to",
		"last message", "last post", "final message", "letters", "saying goodbye", "say goodbye", "{person} has|have|is|had|went|gone ~2 gone+missing|went+missing|missing|disappeared", "can not find him|her|them",
		"not answering his|her|their|the phone", "turned his|her|their phone|camera|video off", "not answered|answering the door|phone|messages|texts", "tying up loose ends", "it is time $", "sorry son|mum|dad|love", "tell ~3 i am sorry",
		// Indirect goodbyes: things given away, pets rehomed, apologies and thanks that only count beside another sign.
		"gave|given|giving|give|handing|handed|passed ~2 my|his|her|their ~2 guitar|records|books|plants|clothes|tools|dvds|bike|things|stuff|belongings|possessions|coat|jewellery|games|pets|cat|dog|collection|account|accounts|steam|xbox|playstation|console|login|logins to|away|out", "giving|gave|given|handing|handed|give ~1 my|his|her|their stuff|things|belongings|possessions|bits away|out", "giving|gave|given|give away ~2 things|stuff|belongings", "who gets what", "if anything happens to me|him|her", "i am ready $", "look after ~4 for me $", "needs|need a new home", "find him|her|them a new home", "goes|go to someone kind|good|nice", "sorry i could+not|was+not|am+not ~1 stronger|better|enough", "not the+group|anyone|anybody|your|their|my fault", "nobody|no+one fault", "none of this|it is your|anyone|anybody|the+group fault", "tell ~6 i am sorry", "longer than i would have", "kept me going longer|this+long", "will|would|do not need|be+needing ~4 after this|tonight|friday|saturday|sunday|this+week|the+weekend|today|next+week|christmas", "will not need|be+needing ~4 any+more|anymore $", "where i am going $", "nearly|almost done now $", "needed|wanted someone|somebody|one+person to know", "last time i will bother|trouble|message|post", "made|making my|his|her peace", "paid off what+i+owe|my+debts|everything|the+debts", "all my passwords", "everything is in order",
		// A sudden calm after a long low patch is a known warning sign.
		"weirdly|strangely|oddly|eerily|suddenly|unusually|scarily calm|peaceful|at+peace|serene",
		// Thanks that sound final: kinder than deserved, don't feel bad.
		"kinder|better|nicer to me than i deserved|deserve|ever+deserved", "do not feel bad|guilty|responsible about|for any of this|this|it|me|what+happens",
		// Notes already written, a plan already set.
		"wrote|written|writing|left the|my notes|note|letters|letter",
		// The last messages being written.
		"writing|written|wrote|sending|sent|typing my|the last|final messages|message|words|letters|texts",
		// A note left behind.
		"left|leaving|leaves a|the|her|his note|letter $|for|on|and|behind",
		// Contracts cancelled and keys left.
		"cancelled|cancelling my phone|contract|subscriptions|direct+debits|standing+orders", "left|leaving the|my keys with|for",
		// Not coming back.
		"and not come|coming back $",
		// Saying sorry to the group.
		"say|saying sorry to the+group|everyone|you+all|the+lot+of+you",
		// Bank details and papers sent; one last nice day.
		"sent|send|given|gave ~3 my bank details|pin|passwords|will|life+insurance", "will need them|these|this|it soon|after+tonight|when+i+am+gone", "will understand tomorrow|soon|one+day|when", "one last day|time|meal|walk|look|hug|visit|nice+day|good+day|trip", "then that is it $",
		// Last few messages; thanks for trying; not going to be here for the next meeting.
		"last|final few messages|posts|words|texts", "thank|thanks you|_ all|everyone|guys|_ for trying|for+putting+up+with+me|for+not+giving+up", "not that it|anything matters", "do+not+think|not+sure|doubt i will|i+am+going+to be here|around for|at|by the next",
		// Before I go; not driving back; a video to be found.
		"before i go $", "not driving|going|coming|walking back $", "she|he|they will find it|me|them|this tomorrow|in+the+morning|later|when", "recorded|made|left|filmed a|the video|message|note for my|her|his", "giving|gave|given|handing ~2 people|everyone|everybody|us|them|members ~1 my|his|her|their stuff|things|belongings|possessions",
	},
	cPlan: {
		// A perfect night for it.
		"perfect|ideal|good|right night|time|chance|weekend|evening|opportunity for it $|to+be+honest|to+do+it|honestly",
		// Access to the drugs cupboard at work; going to use it.
		"access|key|keys to the|a drugs|drug|medicine|medication|controlled+drugs|meds cupboard|cabinet|trolley|store|room",
		"_|i+am|i+am+just going|gonna|about to use it|them $|tonight|now",
		// Going tonight, thought about properly, the right thing.
		"because|as|cos i am going tonight|today $", "thought|thinking about it|this ~2 properly|carefully|for+a+long+time|a+lot|long+and+hard ~6 right thing|best+thing|only+way|for+the+best|best+for+everyone",
		// Before anyone notices, which suits what they are doing.
		"before anyone|anybody|someone|they notices|notice|does|do|realises|realise|finds|checks|misses+me", "for what i am doing|planning|going+to+do this|tonight|tomorrow|on|at",
		// Finishing things tonight.
		"finishing|finish things|everything tonight|today|this+weekend $|and|so",
		// Arrangements made for this evening.
		"made|making|sorted my arrangements|affairs for|by this|tonight|tomorrow|the evening|weekend|morning|night|$",
		// Not there for the ordinary reason; needing to know by tonight.
		"not for parking|the+view|shopping|work $", "need|needed to know by|before tonight|tomorrow|the+morning|then",
		// Everything together; doing it on a named day.
		"got|have everything together|ready|sorted ~2 i need", "doing|do it this|on weekend|sunday|monday|tuesday|wednesday|thursday|friday|saturday", "doing|do it tonight|tomorrow|while|when|after",
		// The house empty from a set time.
		"house|flat|place will+be|is empty|to+myself from|after|at|until|till|tomorrow|tonight",
		// A day named as the day; asking for a reason.
		"sunday|monday|tuesday|wednesday|thursday|friday|saturday|tonight|tomorrow|today is|_ the day|night|date $", "asking for a reason $",
		// A time set by the light, the house emptying, or a named day.
		"waiting|wait for it to get|go dark|light", "when|once|before|after it gets|goes|is dark|light", "the date|day is sunday|monday|tuesday|wednesday|thursday|friday|saturday|tomorrow|tonight|set", "sunday|monday|tuesday|wednesday|thursday|friday|saturday|tomorrow|tonight is the day|night|date $", "when|once|after ~2 is|are|gets|goes|leaves at|to|for work|school|bed|the+shops", "just need to be there before it", "packed|got|brought|bought what i need", "will need it|them by next+week|tomorrow|friday|the+weekend|monday",
		"have|got|made|make|making|with a plan", "nobody|no+one|noone is|_ home|in|here|back|around till|until|before|for", "that|this is my|the plan $|tonight|for+tonight|for+later|for+the+weekend", "have|got it planned|sorted|worked+out", "worked|working out how", "know how|where|when _|i|i+am|i+will",
		"picked|chosen|set|decided+on|got|identified|found a|the date|day|time|spot|place|method|way", "before anyone is|gets up|awake", "once you have|i have decided", "before anyone|everyone up|awake|is+up|gets+up", "decided", "made up my mind", "made my mind up", "ready to go", "i am ready",
		"when|once|after the kids|everyone|they|he|she ~3 asleep|gone|out|left|bed|school|work", "planned ~3 it|everything", "all planned",
		// The how and the when worked out.
		"the how and the when|where", "worked it all out",
		// Picking the day.
		"picking|choosing the|a date|day|night|time",
		// Might do it tonight: a plan, which counts beside another.
		"might|may|could do it tonight|today|now|later|this+weekend",
		// Everything ready.
		"got|have everything ready|sorted|prepared $",
		// A plan already set.
		"plan is|was set|made|ready|sorted|fixed|in+place",
		// Everything needed, said on its own.
		"got|have everything i need",
	},
	cNow: {
		"tonight", "today", "right now", "now", "tomorrow", "this weekend|evening|morning|afternoon", "in a bit", "as we speak", "at the moment", "currently", "soon",
		"in an hour", "in a few hours", "in a minute", "before morning", "before the morning", "after the meeting|session|group", "just", "already", "last night",
		"earlier", "in the toilets|toilet|loo|bathroom", "on her|his|their way", "still there", "ambulance", "rang|called|phoned 999", "police are", "for later", "live|livestream|facebook+live",
	},
	cDanger: {
		// Silence, then a thud.
		"went|gone|goes|go silent|quiet ~10 thud|bang|crash|scream|screaming",
		// Strangled or choked: whoever did it may come back.
		"strangled|choked|throttled|strangling|choking|throttling her|him|me|them|my+mum|my+sister|my+daughter",
		// An old person on their own, the carer not been, not answering.
		"carer|carers|nurse|home+help has|have|had not been|come|turned+up|visited ~10 not answering|can not get up|can not+get+out+of+bed|on her own|on his own|fallen|fall",
		// Too frightened of someone to go home.
		"scared|terrified|frightened|afraid|petrified ~2 to|of go|going home|back ~3 tonight|because|cos|he|she|him|her|partner|husband|boyfriend|wife|girlfriend|dad|stepdad|mum|son",
		// A child alone for a night or a day, crying, with no adult
		// answering the door.
		"kid|child|boy|girl|bairn|wean|little+boy|little+girl ~6 on+her+own|on+his+own|on+their+own|alone|by+herself|by+himself ~6 since|overnight|all+night|all+day|crying|screaming",
		"no adult|adults|grown+up|grownup|parent|parents is|are|_ answering|answered|answers|coming+to the|_ door",
		// Hands round someone's neck; a small child alone on a balcony or
		// climbing the rail.
		"got|has|had|with|put his|her|their hands|hand round|around|on her|his|their|my neck|throat",
		"child|boy|girl|kid|toddler|baby|lad|lass|son|daughter ~3 alone|climbing|stood|standing|sat|sitting on|over the|a|his|her _|balcony|rail|railing|railings|ledge|window|roof",
		// A small child left alone for hours, with no adult anywhere.
		"toddler|baby|infant|little+one|small+child|young+child|tot ~6 alone|own|herself|himself ~6 hours|all+day|all+night|screaming|crying|since",
		"toddler|baby|infant|child|kid|kids|children|little+one|little+ones ~8 no adults|adult|grown+ups|grownups|parents|parent anywhere|around|about|in+sight|there|home",
		// Someone lying still and not moving.
		"lying|laid|face+down|slumped|collapsed ~8 not moving|not+responding|not+waking|not+waking+up|unresponsive|not+breathing", "has not|is+not|hasn't|isn't moved|moving|responded|responding for ages|for+hours|at+all|since",
		// Someone missing, last seen hours ago.
		"missing ~10 last seen", "last seen ~12 police|missing|worried|worrying|low|not+answering|vulnerable",
		// Someone confused or with dementia or a learning disability
		// missing, or out in the cold.
		"confused|dementia|alzheimers|learning+disability|learning+disabilities|vulnerable ~8 missing|wandered|gone+since|been+gone|left+the+house|not+come+back|not+back|disappeared",
		"missing|wandered|gone+since|been+gone|left+the+house|not+come+back|disappeared ~10 confused|dementia|alzheimers|learning+disability|learning+disabilities|does+not+know+the+roads|freezing|getting+dark|in+the+dark",
		"climbing|climbed|climbs|over the|a balcony|rail|railing|railings|balustrade",
		// Someone being pulled into a car; people locked in hiding from
		// someone.
		"being|is|was|getting pulled|dragged|bundled|forced|pushed|shoved into a|the|his|her ~1 car|van|motor|taxi",
		"locked|barricaded ourselves|myself|themselves in|inside the|a|my|our",
		// A thud or a scream, then quiet.
		"thud|bang|crash|scream|screaming|shouting ~8 gone|went|goes quiet|silent",
		// Someone dragged or pinned now; someone vulnerable wandered off.
		"is|are dragging|throwing|pinning|shoving ~1 her|him|them|me|my|his ~3 by|round|around|across|down|against|into", "{person} ~3 has|is|had ~1 wandered|wandering off|out",
		// Screaming, then quiet; a bang from next door.
		"screaming|shouting|yelling ~6 gone|went|goes quiet|silent", "gone|went|goes quiet|silent ~4 bang|thud|scream|screaming",
		// Someone hitting a named person now.
		"is|are hitting|beating|punching|kicking|strangling|choking|battering her|him|me|them|us again", "is|are hitting|beating|punching|kicking|hurting|strangling|choking my|his|her|their|a|the ~1 mum|mam|mom|dad|sister|brother|wife|husband|partner|girlfriend|boyfriend|nan|gran|kids|son|daughter|baby|toddler|child|kid|boy|girl|little+one|grandson|granddaughter",
		// Someone found barely conscious, or with empty packets beside them.
		"found {person} ~3 half|semi|barely|only+just conscious|unconscious|unresponsive|blue|limp", "half|semi|barely conscious", "empty packets|boxes|bottles|blister+packs ~2 next+to|beside|around|by|near ~1 her|him|them",
		"going|gonna|threatening|threatened|threatens|wants|want|about|trying|tried|says|said|saying|told ~3 to kill|stab|hurt|attack|batter|beat|shoot|murder|strangle someone|somebody|him|her|them|people|everyone|everybody|staff|his+ex|her+ex|their+ex|my+ex|his+wife|her+husband|his+partner|her+partner|the+next",
		"going|gonna|threatening|says|said|told ~5 stab|kill|attack|batter|murder|shoot someone|somebody|him|her|them|people|his|her|their|everyone|staff",
		"threatening|threatened|threatens|attacking|attacked staff|people|someone|members|us|me|everyone with", "threatening|threatened|threatens|says|said|told ~3 kill|stab|hurt me|us",
		"knife|gun|shotgun|weapon|machete|hammer|bat in|on his|her|their hand|jacket|pocket|bag|belt", "will|would kill|stab|hurt|attack ~2 the+next|anyone|everyone",
		"holding|waving|brandishing|pulled|pulling ~3 a|an|the knife|gun|weapon|machete|blade", "has|got a knife|gun|weapon|machete and", "being|getting attacked|assaulted|beaten|stabbed|strangled|battered|leathered|kicked+in|beaten+up|battered+to+bits",
		"not breathing", "stopped breathing", "he|she|they|has|have|just|is|was ~2 collapsed|unconscious|unresponsive", "passed out and", "having|had|has a seizure|fit", "collapsed in|on|after|and", "hurt|harm|kill|drown|smother her|his|their|my|the baby|child|children|kids|son|daughter", "ordering|telling|told her|him|me to hurt|kill|harm",
		"{hurt}|kill|killing|hurt her|his|their|my ~2 arms|arm|wrists|legs ~4 bleeding", "knife|blade|gun|machete out", "going|gonna ~2 to stab|kill|attack|batter|hurt his|her|their ~2 worker|partner|ex|wife|husband|mum|dad|boss|neighbour|carer", "threatening|threatened|going+to|says|said ~4 hurt|attack|stab|kill another|other|a member|person|lad|woman|man", "will|going+to kill|stab|murder|attack the|his|her ~2 worker|social|teacher|nurse|doctor|manager|staff|police|neighbour|ex|boss|landlord",
		"will not wake up", "can not wake him|her|them", "is bleeding", "bleeding badly|heavily|everywhere|a+lot", "is|keeps hitting|hurting|beating me|us|the+kids|my+kids",
		"going to hurt me|the+kids|my+kids", "threatened|threatening to kill me|us|the+kids", "is going to kill me $",
		"locked himself|herself|themselves in",
		// Threats to the writer, reported as they are made.
		"saying|says|said|threatening|threatened ~4 kill|stab|hurt|attack|batter me|us|the+kids|my+kids", "outside|at+the+door|at+my+door with a|the knife|gun|weapon|machete|blade",
		// Threats to hit or choke.
		"threatening|threatened|threatens|going+to|gonna|says|said ~3 hit|punch|beat|batter|strangle|smother|choke her|him|them|me|us|the+kids|my+kids|his+wife|her+husband|his+partner|her+partner",
		// Someone grabbing and holding the writer or another person, who is hiding.
		"keeps|kept|keep|is grabbing|grabbed|touching|pulling me|her|him", "will|would not|wont let me|her|him|us out|leave|go $", "will|would not|wont let me|her|him|us out|leave the|this|my|her|his room|house|flat|car|bathroom|building|place|bedroom", "will|would not|wont let me|her|him|us out of the|this|my|her|his room|house|flat|car|bathroom|building|place|bedroom", "hiding in|from ~3 the|a|his|her loo|toilet|toilets|bathroom|cupboard|wardrobe|car|shed ~4 from|because|cos|he|she|they",
		// Someone turning up armed or trying to force a way in, grabbed and held, petrol poured.
		"turned|turning|turns up ~4 with a|an ~1 hammer|knife|weapon|bat|machete|gun|crowbar|axe", "trying|tried to get|break|force|kick in|into ~3 with a|an ~1 hammer|knife|weapon|bat|machete|gun|crowbar|axe",
		"has|is|got|grabbed|holding ~1 her|him|me|them by the arm|arms|throat|neck|hair|wrist ~3 threatening|and|shouting|screaming|will+not|wont|in+the", "pouring|poured|splashing petrol|fuel|lighter+fluid|paraffin",
		// Someone being hit now; a house to be set on fire.
		"is|are beating|attacking|strangling|choking|battering|stabbing ~1 her|him|them|his|their", "is|are hitting ~2 her|him|them right+now|now|as+we+speak", "threatening|threatened|going+to|gonna ~2 burn|set+fire+to|torch the|his|her|our|my house|flat|place|home",
	},
	cPolicy: {
		// Coursework and the group's own packs: an essay on overdose
		// presentations, the difference between two terms for the
		// volunteer pack.
		"my|for+my|for+a nursing|medical|psychology|social+work|counselling|paramedic degree|course|dissertation|essay|assignment|placement|module",
		"writing|researching|doing an|my|a essay|dissertation|assignment|report|paper|presentation about|on",
		"difference between", "for the|our|a volunteer|induction|training|welcome|new+volunteer pack|handbook|leaflet|newsletter|poster|guide",
		// Whether a phrase is all right to say or write.
		"ok|okay|alright|all+right|fine|better|right to say|use|write|put", "is it|is+that ok|okay|alright|fine to say|use|write",
		// Whether to ask directly; the part of a book or film where.
		"ask|asking someone|somebody|people|members|them directly|outright|straight if|whether|about", "the bit|part|scene|chapter|episode|moment where",
		// A film watched again.
		"just watched|rewatched|watching|re+watched",
		"policy|policies|procedure|procedures|protocol|protocols|guidance|guideline|guidelines|framework|template|templates|form|forms|leaflet|leaflets|poster|posters|flyer|flyers|signposting|handbook",
		"a|the|my|our|this play|script|screenplay|monologue|sketch|short+story|story|stories|fiction|dialogue", "on the news|telly|radio", "the|in+the|local news|papers|paper", "news about|on|of|story|report",
		"training|trained|course|courses|workshop|workshops|webinar|module|certificate|qualification|asist|safetalk|mhfa|first+aid|awareness|prevention|postvention|zero+suicide",
		"risk assessment|assessments", "safety plan|plans|planning", "crisis plan|plans|line|lines|number|numbers|card|cards", "book|books|novel|film|films|movie|movies|episode|series|tv|documentary|podcast|song|songs|lyrics|character|characters|scene|poem|article|research|study|studies|statistics|headline|netflix|bbc",
		"how do|should|can|would|could|to we|i|you|our|volunteers|facilitators|organisers|a|an|people support|help|respond|handle|deal|manage|talk|ask|spot|recognise|signpost|refer|record|approach|react|reply",
		"what do|should|can|would we|you|our do|say|write|include|put", "what should|can|would i do|say|write|include|put", "what do i say|write|include|put", "what is the|our best|right way",
		"someone|somebody|anyone|people|members|member|person|those|folk who|that ~1 is|are|feel|feels|says|say|talk|talks|has|have|self|disclose|discloses|struggle|struggles|experience|experiences|might|may|thinks|think",
		"supporting|support|helping|help someone|somebody|people|members|a+member", "signs of", "warning signs", "talking|talk about suicide", "group agreement", "code of conduct",
		"safeguarding", "dbs", "hypothetically", "for example", "say someone", "what happens if", "what if",
		// Postvention and grief after a suicide, safe language and reporting, soaps and storylines, training scenarios.
		"died by|from|through suicide", "suicide bereavement|loss|postvention|awareness|prevention", "bereaved|bereavement by|after|through suicide", "lost ~3 to suicide", "losing someone|somebody|a+loved+one|a+member|a+friend to suicide", "thought|believed|ruled|confirmed to be|as suicide", "memorial|vigil|vigils", "safe messaging|reporting", "content|trigger warning|warnings", "storyline|storylines|soap|soaps|corrie|coronation+street|eastenders|emmerdale|hollyoaks|casualty|drama", "scenario|scenarios|roleplay|script|scripts", "role play", "case study", "the phrase|term|word|expression", "language|wording|terminology", "ok|okay|alright|acceptable to say|use", "guide|guides|handout|handouts|checklist",
	},
	cHypo: {
		"if|when|whenever a|an|someone|somebody|anyone|one|any|members|people|person|member|attendee|participant|anybody", "does anyone|anybody know|have",
		"where can i|we find|get", "can|could you recommend|suggest|send|share|point", "examples of", "how to talk|support|respond|spot|ask|help",
	},
	cReady: {
		// A ligature tested to see if it holds; tablets popped out of
		// their packets.
		"rope|twine|cord|belt|scarf|cable|flex|beam|banister|banisters|noose|ligature|hatch ~10 see if it|they would|will|could hold|take+my+weight|take+the+weight", "popped|pushed|pressed|punched them|all|the+tablets|the+pills|every+one ~3 out of the|their|its packets|packet|blister|blisters|strips|foil",
		// Enough of someone's medicine put aside.
		"enough ~3 {drug} ~2 aside|away|by|saved|stored|hidden|together|stashed|stockpiled",
		// A blade got out of a pencil sharpener or a razor.
		"got|have|taken|took|removed|prised|snapped|broke a|the|my _|razor blade|blades|razorblade from|out+of|out a|the|my pencil+sharpener|sharpener|razor|shaver|disposable",
		// In the bath with a blade or something electrical; a ligature tied to the banister; trying again properly.
		"in|into the bath|bathtub ~5 with a|the|my razor|blade|blades|knife|hairdryer|toaster|heater|straighteners", "hairdryer|toaster|heater|straighteners plugged+in|switched+on|on ~4 bath|bathtub",
		"tied|tying|tie|hung|hanging it|a+rope|the+rope|the+belt|a+belt|the+cord|a+cord|the+scarf ~2 to|from|round|around|on the banister|banisters|beam|loft+hatch|hook|rail|door|bannister", "try|trying again properly $|when|tonight|later",
		// Asking how far a fall or how much of something it takes to be sure.
		"how high|far|tall does|would|do|must a|the fall|drop|building|bridge|jump have|need|needs to be ~4 survive|surviving|die|dying|kill|work|sure|definitely",
		// A rope bought that was not for the garden.
		"bought|got|buying|picked+up ~2 rope|a+rope|some+rope ~8 not|was+not|wasnt for",
		// Tablets put aside instead of taken, until there are enough.
		"putting|put|setting|set|saving|saved|keeping|kept ~2 {pills} aside|away|back|by ~6 instead|enough|until|till",
		// Means gathered from different shops so nobody would ask.
		"different ones|chemists|pharmacies|shops|places so nobody|no+one|they would|will|wont ask|notice|question",
		"{pills} lined|counted|laid|stockpiled|hoarded|stashed up|out|_", "{pills} are|is ~1 lined|counted|laid|ready|out|sorted", "lined|counted|laid up|out {pills}", "stockpiling|stockpiled|hoarding|hoarded|saving+up|saved+up ~2 {pills}",
		"rope|noose|ligature ready|tied|set+up|up|hanging", "tied a|the rope|noose", "running car|engine", "engine|car running", "in a|the closed|locked garage",
		"got what i need", "wait|waiting|waiting+for|wait+for the fast one|ones|train $", "cord|belt|rope|noose|ligature|scarf is|are ~1 tied|ready|set+up|up", "enough to do it|end+it|finish+it|go+through+with+it", "from the chemist|pharmacy with enough", "he|she|they has|have|got everything he|she|they need|needs", "got|have everything i need ~2 in+the+car|for+it|to|here|now|ready|with+me", "bought what i need", "got|have the means", "and the means",
	},
	cPast: {
		// A bad patch last winter, help got, a better place now, scars that no longer bother.
		"bad|rough|dark|low patch last winter|summer|spring|autumn|year", "in a much|far|way|lot better place now|these+days", "got help through|from the", "the|my scars do|does|did not bother|hurt|matter",
		// Whole stretches of life gone by.
		"all through|throughout|during my teens|twenties|childhood|school|uni|twenties", "therapy|counselling|treatment helped|changed|saved",
		"years|months ago", "few years|months back", "would|had been|i+was in hospital ~3 after trying|attempting|i+tried", "when i started|first+came|joined|first+started ~3 i was|i+would+been|i+had+been", "in the 60s|70s|80s|90s|sixties|seventies|eighties|nineties|noughties|2000s", "used to", "back in", "back then", "in the past", "when i was younger|a+teenager|at+uni|at+school|a+kid|in+my+twenties|in+my+teens|little|young|ill",
		"recovered", "recovery", "survivor", "lived experience", "was|were suicidal", "attempted ~4 ago", "i was in a dark place", "got through it", "since then", "nowadays",
		"these days i", "now i run|help|facilitate|volunteer|lead", "came out the other side", "been there", "years clean", "i have been well", "in remission", "as a teenager|kid|child|student", "in my teens", "years|months|weeks ~2 free|clean|well", "it was a joke", "was joking", "only joking", "just joking", "it was because|about", "was about",
		// A completed suicide of someone else, and time since an attempt or an overdose.
		"took|had+taken his|her|their own life", "since my|his|her|their overdose|attempt|suicide+attempt|last", "one|two|three|four|five|six|seven|eight|nine|ten|a|1|2|3|4|5|6|7|8|9|10|11|12|15|20 ~1 years|year|months|month since",
		// "A few year back" in dialect; a joke owned up to in the same breath.
		"few|couple|couple+of year|month back|ago", "the time i|when+i tried|attempted|took+an+overdose", "still got|have|has the|my|some scars", "in a really|very|much good|better|great place now|these+days", "last year|summer|winter|spring|autumn|christmas $|and|but", "doing|getting|keeping|coping really|much|so|ever+so|pretty well|better now|these+days", "joking|kidding obviously|honestly|of+course|lol|aside", "obviously|only|just|i+am joking|kidding $|lol|haha|but|though",
	},
	cIdiom: {
		// Something someone has to do for another person; software not
		// responding; a post about someone else's overdose.
		"has|have|had to do it for her|him|them|me|us|you", "excel|word|laptop|computer|app|program|programme|spreadsheet|website|zoom|teams|browser|screen|printer|it|phone|outlook ~8 not responding",
		"about another|a|her|his|their|my|our|the ~1 member|members|friend|someone|somebody|person|lad|girl ~2 overdose|suicide+attempt|attempt",
		// A letter from the doctor for a claim or an application.
		"doctor|doctors|gp|gps|consultant|psychiatrist|cpn|nurse ~1 letter|letters|note|notes",
		// Not going on a trip; the edge of a comfort zone or a seat;
		// tablets taken with food or due in the morning; old medicines
		// taken back to the pharmacy; a hangover.
		"can not go on the|a|an|our|this|that trip|walk|outing|course|holiday|retreat|residential|coach|bus|train|visit|day+out|ride|rota",
		"can not go on with this|the|my|that printer|laptop|computer|phone|form|spreadsheet|website|app|rota",
		"edge of my|your|our|their|the comfort+zone|seat|seats", "edge of the world aka",
		"take|taking|took my|_ tablets|pills|meds|medication with|after|before food|meals|breakfast|tea|dinner|lunch|water|milk",
		"{pills} to take in|every|each the|_ morning|mornings|evening|evenings|day|night",
		"took|take|taking|taken|returned|return|returning them|it|the+old+meds|old+meds|the+meds|the+tablets back to the pharmacy|chemist",
		"hangover|hungover ~6 dying|dead|death",
		// Letters that are admin: a supporting letter for a tribunal,
		// letters from the school or TV licensing that keep coming.
		"supporting|support|reference|covering|appeal|complaint|sick letter|letters|note|notes", "letter|letters|note for|to her|his|their|my|the ~2 pip|tribunal|gp|doctor|employer|school|council|landlord|boss|appeal|dwp|benefits|housing|assessment|college|uni", "letters|letter keep|keeps coming|arriving|about|from", "licensing|school|council|hospital|bank letters|letter",
		// A group that cannot keep going on its own.
		"we can not keep going|carry+on|continue on+our+own|as+we+are|alone|as+a+group|like+this",
		// A group that wants to do things properly; what doing it properly
		// looks like.
		"we|we+just|we+really want|wanted|need|needed|would+like to do it|this|things|them properly|right", "doing it properly look|looks like",
		// A film's title; bridge-building as teamwork; "shoot me now" over
		// a printer.
		"manchester by the sea", "bridge building|builders|builder|build|the+gap", "shoot me now|already", "kill|shoot me now",
		// A storyline in a soap or a documentary; a place named after a
		// bridge; a car at the garage for repairs; a light box.
		"overdose|suicide|self+harm|selfharm|hanging|jumping|jump storyline|storylines|story+line|plot|episode|scene|documentary|drama|programme", "storyline|plot|episode|documentary|programme about|on ~3 overdose|suicide|self+harm|hanging|beachy+head|the+bridge",
		"bridge centre|house|inn|hotel|street|road|st|lane|cafe|café|club|surgery|practice|school|hall|chapel|church|tavern|pub|stores",
		"car|van|motor|bike is|has+gone|went|going|_ in|into the garage", "light box|lightbox|lamp", "sad lamp|lamps",
		// Rope for crafts.
		"rope ~3 plant+hangers|hangers|macrame|macramé|craft|crafts|knots|knitting|tug|boat|climbing|crafting|weaving|project", "macrame|macramé|crafts|craft ~4 rope",
		// Coursework about overdose or suicide.
		"nursing|medical|psychology|paramedic|pharmacy|social+work degree|course|essay|dissertation|assignment|module|placement ~8 overdose|overdoses|suicide|self+harm|presentations",
		// Rather die than go to karaoke; rope or string for bunting; not at
		// group tonight because of a shift; not waking up in the dark.
		"rather die ~2 than ~3 karaoke|party|zumba|class|spreadsheet|spreadsheets|meeting|meetings|christmas|wedding|dance|dancing|sing|singing|gym|bowling|camping|accounts|admin|minutes|agm|disco|quiz|team+building|bingo|panto|conference",
		"rope or string|twine|cord|tape|cable+ties", "some rope|string or", "will not be at|in group|the+group|session|the+session|tonight|the+meeting|the+walk ~8 shift|shifts|work|appointment|childcare|ill|poorly|back+next",
		"can not wake|get up in the dark|mornings|morning|on+time|early",
		// Printers lobbed off bridges; cliffs that were stunning; a school
		// project on a bridge; knots and rope; awareness stalls.
		"lobbing|lob|chucking|chuck|throwing|throw it|the+printer|the+laptop|this|them off|out", "cliffs|cliff|bridge|view|views|coast were|was|are stunning|beautiful|lovely|amazing|gorgeous|gorgeous|breathtaking",
		"project|homework|essay|presentation|topic on|about the|a ~2 bridge|railway|viaduct|cliffs|station", "knot|knots|knot+tying|tying|scouts|scout ~8 rope|ropes", "bring your own rope",
		"overdose|suicide|self+harm|selfharm awareness|prevention stall|stand|day|week|event|walk|training|table",
		// A class that will kill; a banner tied with rope; jumping off a
		// bridge for a pasty.
		"it|this|that|day|gym|class|session|week|job|workout|shift is|will|going+to|gonna|_ ~2 kill|murder|finish me|us $|off", "banner|bunting|gazebo|tarp|tent|sign|signs ~10 rope|ropes", "cable ties or rope",
		"would|i+would|i+will jump|throw+myself off a|the bridge|roof|cliff for a|an|some",
		// Working on the railway.
		"work|works|worked|working on|for|at the railway|railways|railroad|trains",
		// Safety talks about crossings and water; rope and cord bought in bulk.
		"crossing|crossings|railway|rail|track|water|road|bridge|river|canal safety|awareness|talk|campaign|week", "rope|ropes|cord|twine|string in bulk|by+the+metre|cheap|cheapest|wholesale", "rope and cord|string|twine", "cord and rope",
		// What happens next in a show or a book.
		"what happens|comes next in|on the|this|that|a show|series|episode|book|film|story|season|match|game|soap|drama|programme|box+set", "spoilers|spoiler",
		// A fit note from the GP; lights on a rope for the Christmas do, a
		// rope barrier; a noose printed on a band's t-shirt.
		"fit|sick note|notes", "rope light|lights|barrier|barriers|ladder|course", "noose on|printed+on ~2 t+shirt|shirt|top|hoodie|merch|badge|poster|album|cover", "t+shirt|shirt|top|hoodie|merch|badge|poster|logo ~4 noose",
		// Drowning in work.
		"drowning|drowned|swamped in emails|email|work|paperwork|admin|forms|bills|debt|laundry|marking|applications|receipts|minutes",
		// Time free of self-harm, counted as a milestone.
		"free|clean|free+from|free+of|without|since ~1 self+harm|self+harming|selfharm|selfharming|cutting|harming|self+injury|self+injuring",
		"since i|he|she|they last self+harmed|selfharmed|cut|harmed|hurt+myself|hurt+himself|hurt+herself",
		// Pests and weeds.
		"kill|killing|killed|kills the|a|that|those|all+the spider|spiders|wasp|wasps|fly|flies|mouse|mice|slug|slugs|weeds|bug|bugs|moth|moths|rat|rats|ants",
		// Ending things with a boyfriend, killing oneself laughing, an exam that will murder, a goodbye card, the edge of the bed, a pet stuck on a roof.
		"end|ending it|things with my|him|her|the ~1 boyfriend|girlfriend|partner|husband|wife|ex|fella|supplier|gym|contract|bank|provider", "kill|killing {anyself} laughing", "exam|exams|job|work|week|meeting|boss|form|bid|deadline|kids|commute is|are going+to|gonna|will murder|kill me", "goodbye|leaving|farewell card|cards|party|do|lunch|drinks|collection|present|gift", "edge of the|my bed|sofa|seat|chair|bath", "stuck on|up the|a ~1 roof|tree|shed",
		// The end of one's rope or tether, a pet that is trying to kill, a last post before a group moves, a character in a story.
		"end of my|his|her|the rope|tether", "cat|dog|cats|dogs|kids|toddler|baby|puppy|kitten is|are trying to kill me|us", "final|last message|post on|in the old ~1 group|chat|whatsapp|channel|server|account|page", "main character|the+character|my+character|protagonist|hero|heroine ~3 attempts|attempted|tries|tried|dies|died|kills|killed|takes|took",
		// Done with a role after years of it.
		"chair|treasurer|secretary|organiser|coordinator|trustee|volunteer|facilitator|lead for ~3 years|months|year|decade ~3 and i am done|finished|spent",
		// A creative work whose title has words of risk in it.
		"poem|song|story|piece|play|zine|painting|artwork|book|film|album|track called|titled|named ~3 goodbye|farewell|letter|letters|note|notes|end|last|final|die|dying|dead|suicide|rope|bridge|overdose|cut|cutting|jump|jumper|gone",
		// Hyperbole about caffeine, colds and throwing oneself into work.
		"lethal|fatal dose of caffeine|coffee|tea|sugar|admin|meetings", "throw|throwing|threw {anyself} into ~1 work|fundraising|it|this|things|everything|volunteering|training|gardening|running|the+work|the+fundraising|the+role|the+group|my+work|my+studies", "i am dying here|over+here $", "dying of|from|with a|the|this|my ~1 cold|flu|hangover|heat|boredom|throat|cough",
		"is|are|was|this|that|these|those|the|my|our|it ~4 killing|kills me|us", "killing me|us ~2 with|slowly|softly", "kill|killing two birds", "i|we would|will|could kill for",
		"could|would|will|gonna|going _|to kill|murder him|her|them|you|me|us|my|our|the ~3 for|if|when|lol|haha|because", "dying|dead|die to|for know|see|try|get|hear|go|a|meet|find",
		"to die for", "nan|gran|granny|mum|mam|dad|boss|wife|husband|partner|missus|chair|treasurer is|are|will|gonna|going ~2 to|_ kill|murder me", "hungover|hangover|hanging|rough ~3 want|wanna|could|going to|_ die|dying", "want to die lol|haha|hahaha|lmao", "one more time i am|i+will|i+am+going+to|i|_ going+to|gonna ~2 jump|scream|die|kill|lose+it", "jump|jumping|throw+myself out|out+of the window ~4 if|one+more|again", "one more time ~8 jump|throw ~2 out|out+of|through the|a window", "tired of being tired", "like actually dead", "smoke came out", "bored|scared|worked|worried|done|talked|loved|frozen|froze to death", "dead|deathly tired|end|line|lines|easy|good|right|keen|serious|set|quiet|busy|heavy|simple|slow|funny|lucky|proud|on+my+feet|in+the+water",
		"deadline|deadlines", "drop dead gorgeous",
		"letter|letters to my|your|our younger|future|older|teenage|past|inner|little self|selves|me",
		"painting|paintings|drawing|drawings|sketch|sketches|print|prints|watercolour|watercolours|photo|photos|picture|pictures|image|images of the|a|that ~1 bridge|viaduct|pier|cliffs|cliff|quarry|railway|reservoir|river|canal|tracks",
		// "Hanging" the morning after.
		"absolutely|proper|properly|well|so|dead|bloody|totally hanging $|after|today|this+morning|from+last+night",
		// Paddling up to the knees; tablets taken as the nurse asked.
		"walked|waded|paddled|went|ran|go|going into|in the sea|water|river|loch|lough|lake ~2 up to my|his|her|our knees|ankles|shins|calves",
		"took|taken|had all my|his|her tablets|meds|pills|medication ~3 like+a+good|as+prescribed|on+time",
		// Biscuits by the box, a home haircut, respawning in a game, a line
		// in a play, hanging on, the dark side, not dead yet.
		"whole|entire box|packet|tin|plate|tray|bag|packets|boxes of biscuits|cake|cakes|sweets|chocolates|crisps|mince+pies|brownies|doughnuts|cookies",
		"cutting|cut|cuts his|her|my|their own hair|fringe", "to respawn", "respawn", "my line|lines is|are|says", "hang on $|be|a|i|just|there|mate", "gone|went|come|coming over to the dark side", "not dead yet",
		"scars|scar are|is|have|has ~1 faded|fading|healed|white|silver", "old|faded|healed|white|silver scars|scar",
		"ashes ~3 scattered|spread|sprinkled|thrown ~4 pier|sea|river|beach|bridge|hill|hills|mountain|loch|lough|cliffs|cliff|garden|pitch|ground|park|lake", "ashes ~3 scattered|spread|sprinkled|thrown", "charity|sponsored|new+year|new+years|boxing+day|christmas|winter dip|swim|plunge|skydive", "jump|jumping|going+in in|into the lake|sea|loch|lough|river|water ~6 charity|sponsored|dip|swim|plunge",
		"reading|read|heard|hearing about that|the|a lad|man|woman|girl|boy|kid|teenager|story|case|family who|that",
		"throw|chuck|lob|hurl|throwing|chucking it|this|that|the|my ~2 off the roof|out+of+the+window|out+the+window|in+the+river|in+the+canal", "hopeless with|at", "pointless meeting|meetings|exercise|form|forms|admin|paperwork", "a|an|the overdose of ~2 meetings|meeting|emails|email|admin|paperwork|coffee|caffeine|sugar|chocolate|forms|zoom|spreadsheets|tea",
		"suicide mission|squad|doors|door|run|bid", "killer app|feature|question|deal|line|heels", "kill the|this|that meeting|motion|idea|bid|project|process|job|engine|switch|lights|music|mood|vibe|noise|call",
		"shoot|kill me now", "over my dead body", "my|the|our phone|battery|laptop|computer|printer|car|router|wifi|zoom|projector|kettle is|has|just|_ dead|died|dying",
		"dead|dying battery|phone|laptop|link|links|plants|plant", "my|the|our plant|plants|tomatoes are|have|_ died|dead|dying", "the dead of night", "dead end|ends",
		"will|would murder|kill me if|when|for", "murder me", "kill me if", "die of embarrassment|shame|laughter|boredom", "died laughing", "i nearly|almost died", "killed|killing it",
		"jump for joy", "jump at the chance", "jump on a call|zoom", "jump|jumping in $|and|with|anytime|any+time|whenever|if|here|there|at|on", "the|a bridge between|to", "bridge the gap", "bridging", "cut|cutting|cuts costs|corners|back|the+budget|down|funding|our+funding|ties|it+short|hours|sessions|the+cake|a+cake|the+ribbon",
		"cut out", "cut off", "line manager", "train station|strike|strikes|times|ticket|tickets", "pills|tablets for|and|or ~2 headache|headaches|hayfever|hay|first", "first aid kit",
		"bucket list", "drowning|drown in paperwork|admin|emails|work|forms|receipts|requests|applications", "nearly had a heart attack", "heart attack when", "killed me lol", "dead funny", "dying laughing", "i could die", "i could have died",
		// Phones about to die, throwing oneself into a project, jumping off a call, chocolate overdoses, admin letters, travel plans.
		"throw|throwing|threw {self}|ourselves into fundraising|work|it|volunteering|planning|the+new|a+new|my+new|the+project|my+work|everything|training|gardening|running|this|the+role|my+role", "jump|jumping|hop|hopping off|on|onto the|this|a call|zoom|teams|meeting|chat|line|stream", "phone|battery|laptop|tablet|ipad|mobile ~6 about|going to die", "overdosed|overdosing|od|overdose on ~2 chocolate|sugar|cake|caffeine|coffee|christmas|easter|mince+pies|netflix|tv|crisps|biscuits|sweets|carbs|telly", "can not take|do|face|stand|handle any+more|another ~2 zoom|zooms|meeting|meetings|call|calls|emails|email|forms|form|spreadsheets|spreadsheet|admin|paperwork|surveys|survey|minutes", "kill|killing the quiz|competition|karaoke|presentation|interview|exam|game|round", "affairs in order for|before ~3 move|moving|trip|travelling|holiday|operation|op|handover|retirement|wedding|job|maternity|leave|baby", "handover|cover|reference|support|thank+you|thankyou|resignation|complaint|funding|grant|leaving|welcome|covering|thanks|apology|consent|referral letter|letters|note|notes", "think|thinks|thought|assume|assumes i am|was in crisis", "on|my|his|her|their course", "fingers|toes|hands|feet|foot|leg|legs|arm|arms|face|lip|lips|bum|hand ~3 numb", "numb fingers|toes|hands|feet|bum|legs", "be around|here ~2 next+week|tomorrow|this+week|that+day|on+the|then|on+thursday|on+tuesday|on+monday|on+wednesday|on+friday|on+saturday|on+sunday ~2 at+a|at+my|at+the|at+work|on+holiday|away|at+uni|working|visiting",
		// Back at work: recovery, not "the thoughts are back".
		"back at|to work|group|uni|school|college|volunteering|running", "back on my feet|track",
		// Without me for a session; tired of chasing someone; roof terraces.
		"without me for|at|on the|one|a|this session|meeting|week|night|evening|day|weekend|bit|while", "tired of trying to get|find|reach|contact|chase|sort|book|fix", "roof terrace|garden|bar",
		// Crafts, accidents and handovers.
		"cutting|cuts out|up paper|shapes|snowflakes|pictures|the|card|felt", "slipped|fell|tripped|fall|falling ~4 bruised|hurt|cut|injured|burned|burnt|banged", "final|last post|message|messages|few+messages as chair|admin|group+admin|treasurer|secretary|coordinator|facilitator|organiser|trustee|volunteer|lead",
		// Bumps, buses, and not being around for an outing.
		"hit|banged|bumped|knocked myself|my ~3 on|with|against the|a cupboard|door|shelf|shelves|table|cabinet|beam|doorframe|car+door|kitchen", "jump|jumping|hop|hopping off|on|onto the|a bus|tram|train at|before|after|here|now|next|one", "be around|here for the|next ~2 trip|meeting|session|social|agm|walk|summer+trip|christmas+party|party|fair|day+trip|quiz|outing",
		// Scars from an operation; burning CDs; catching a train.
		"scar|scars from my|the|his|her ~1 op|operation|surgery|caesarean|accident|fall|knee|hip|chickenpox|acne", "burning|burn|burned|burnt cds|a+cd|dvds|candles|toast|the+toast|dinner|calories|the+midnight+oil|bridges", "jump|jumping|hop|hopping on|onto the|a ~2 train|bus|tram|coach",
	},
	// cErrand marks a clause about an outing or an ordinary errand. A place
	// or a means named in such a clause ("meet at the bridge for the walk",
	// "rope for the tug of war", "my car's in the garage till Friday") is
	// set aside unless the writer says they are there, or something else
	// in the message is a sign of risk.
	cErrand: {
		// Photos taken on the way.
		"taking|take|took|taken photos|pictures|pics|photographs|snaps",
		// A walk named after where it goes.
		"bridge|canal|river|cliff|clifftop|coastal|coast|reservoir|viaduct|railway walk|walks|ramble|rambles|trail|path|run|tour|swim",
		// A photography walk; a sponsored abseil or zip wire.
		"photography|photo|photographic|sketching|birdwatching|history|heritage walk|walks|trip|outing|club",
		// A sponsored abseil or zip wire.
		"sponsored|charity abseil|abseiling|zip+wire|zipwire|skydive|bungee", "abseil|abseiling down|off|from",
		// Swimming, jobs on the roof, a pill organiser.
		"swimming|dip|dips|paddleboard|paddleboarding|snorkelling|sauna", "fixing|fix|mending|clearing|cleaning the aerial|gutter|gutters|guttering|tiles|slates|satellite+dish|chimney|roof", "pill|tablet|weekly|dosette organiser|organizer|box|reminder|reminders",
		"go|going|went|gone walking|hiking|rambling", "meets|meet|meeting|held in|at a|the room|hall|cafe|café|cafeteria", "pick|picking|collect|collecting|drop|dropping up|off _|from", "rope|tyre|tire swing|swings",
		"the|a|our|sponsored|monday|tuesday|wednesday|thursday|friday|saturday|sunday|group|weekly|charity|summer|winter|coastal|river|canal walk|walks|ramble|hike|run|swim|abseil",
		"walk and talk", "walking group|club", "meeting point", "we are|we+will|let+us|shall+we|will meet|meeting", "meet at|by|outside|on the", "for the walk|trip|picnic|view",
		"bring|bring+a|bring+your water|flask|waterproofs|picnic|lunch|sandwiches|boots|trainers|a+brolly", "garden|gardening|craft|crafts|workshop|donate|donation|donations|directions|route|map|postcode|venue|booking|booked|club|society|museum|exhibition|view|views|picnic|fair|fete|gazebo|marquee|tug|abseil|abseiling|climbing|swing|harness|harnesses|insurance|taster|minibus|coach|tickets|timetable|trip|outing|sponsored|fundraiser|barriers|signs|signage|consultation|council|mot|service|mechanic|repair|repairs|wheelchair|accessible|vertigo|lifeguard|lifeguards|kayak|paddle|lido|allotment|marquee|pegs|skipping|bell|bells|ipad|ipads|app|apps|digital|charging|charger|dishwasher|headache|hayfever",
		"step free", "day trip", "shopping list", "street|st|road|rd|lane|centre|arches|club|station|park is|has|will|was|on|in|at|closed|open|shut",
		"garage till|until|tomorrow|on|this|next", "to the garage", "taking|take|took the car to",
	},
	// cLow is low mood in plain words. Alone it raises nothing (organisers
	// say they are low all the time); beside an indirect goodbye (giving
	// things away, "look after my cat") it is concern.
	// cGone is someone out of reach. Alone it is an ordinary day (a phone
	// that died, a member who left the chat); after a goodbye it is the
	// sign that safeguarding guidance says to act on now.
	// cSettled marks what an organiser says when a hard moment is over:
	// the person is safe, home, with someone, or has support. A question
	// about what was said then ("how do I record it?") is a question.
	cSettled: {
		"she|he|they|both|everyone|everybody|all is|are|was|were _|now|all ok|okay|fine|safe|alright|stable|settled|calmer|calm|better",
		"she|he|they is|are|was|were _|now doing ok|okay|well|better|fine|alright|great",
		"she|he|they is|are|was|were _|now home|back+home|at+home ~3 with|safe|now|and|$",
		"went|got|gone|sent home with|safely|safe", "got|put him|her|them a|in+a taxi|lift|cab home", "picked|collected her|him|them up", "came|come to get|collect|fetch|pick her|him|them",
		"paramedics|ambulance|police|crisis+team|cpn|support+worker|family ~3 came|arrived|found+her|found+him|found+them|took+her|took+him|met+him|met+her",
		"is|are|was|were in hospital now|and+safe|safe|being+looked+after",
		"is|are with the|a|her|his|their crisis+team|care+team|care+coordinator|therapist|cpn|gp|mum|dad|family|sister|brother|partner now|$",
		"has|have|got|has+got|have+got support|a+therapist|a+counsellor|a+care+coordinator|a+care+team|a+cpn|help+lined+up|a+safety+plan|support+elsewhere|good+support",
		"calmed down", "has|have apologised", "apologised since", "survived", "was|were|has+been|have+been seen by|by+the|_ ~2 gp|doctor|nurse|crisis+team|a+and+e|hospital|the+team",
		"we sorted it", "everything was|is fine|ok|okay",
		"doing well|better|brilliantly|great now|$|and|these+days|since", "in a good spell|place|patch",
		"a|their|her|his plan|safety+plan with their|her|his|a therapist|cpn|care+team|gp|counsellor",
		"is|are|was|were not in immediate|any|real danger", "none|nobody|noone|no+one ~3 in immediate|any|real danger",
	},
	// cBereaved: someone has died. Words of suicide about them tell of a
	// death, not a danger now.
	cBereaved: {
		"took|had+taken|has+taken his|her|their own life|lives", "he|she|they|who died|passed+away|passed ~6 overdose|suicide|by+suicide|accidental",
		"lost|losing ~4 to suicide|an+overdose|overdose", "his|her|their death|funeral|memorial|inquest", "death by suicide",
		"collapsed and died", "died on|at|during the|our|a trip|walk|outing|session|group|holiday|retreat|residential|event|meeting",
		"it|that|which was an|a overdose|suicide", "anniversary of ~3 overdose|suicide|death", "says|said|thinks|think|believe|believes suicide|it+was+suicide",
	},
	cGone: {
		// A call gone silent, the camera off.
		"camera|cam|video is|was|has+been|_ off $|now|and", "went|gone silent|quiet mid+call|on+the+call|on+the+phone|on+the+line",
		"phone|mobile|phones is|has|_ off|dead|switched+off|turned+off|going+to+voicemail|goes+to+voicemail|rings+out|ringing+out $|now|and",
		"not|still+not|is+not|are+not answering|picking+up $|now|and",
		"left|has+left|leaving the|our group|chat|whatsapp|server|discord $|and|now",
		"blocked|deleted everyone|us|me|all+of+us|his+account|her+account|their+account|my+number",
	},
	cLow: {
		"really|very|so|proper|pretty|been|feeling|feels|felt|seems|seemed low|flat|down $|since|lately|for|recently|again", "not been right|himself|herself|themselves|myself",
		"in a bad|dark|really+bad|really+dark way|place", "struggling a lot|badly|so+much|really+badly", "depressed", "really low|down|flat", "low since",
	},
	cMedical: {
		"dose|doses|dosage|dosing|mg|milligrams|milligram", "tablets|pills a day", "how many pills|tablets should", "prescribe|prescribed|prescription|prescriptions",
		"side effect|effects", "should|can i take|stop|mix", "stop taking my", "come off my|_ meds|medication|antidepressants|tablets", "withdrawal symptoms",
		"diagnose|diagnosis|diagnosed me|my", "do i have depression|bipolar|adhd|anxiety|ptsd|ocd|bpd|autism|psychosis", "antidepressant|antidepressants|antipsychotic|antipsychotics",
		"sertraline|fluoxetine|citalopram|escitalopram|mirtazapine|venlafaxine|duloxetine|paroxetine|quetiapine|olanzapine|aripiprazole|risperidone|lithium|lamotrigine|diazepam|lorazepam|zopiclone|propranolol|pregabalin|gabapentin|methylphenidate|ssri|ssris|clozapine|valproate",
	},
}

// hintWords are words that often come with risk but prove nothing alone.
// A message with one of them lets the classifier raise the alarm at its
// ordinary threshold; without any, it must be much surer. A trailing "*"
// matches any word with that start.
var hintWords = []string{
	"die", "died", "dying", "dead", "death", "kill*", "suicid*", "alive", "exist*", "pointless",
	"hurt*", "harm*", "cutting", "bleed*", "blood*", "pill*", "tablet*", "meds", "overdos*", "paracetamol",
	"bridge", "rope", "noose", "ligature", "cliff*", "roof*", "ledge", "tracks", "railway", "jump*", "goodbye*", "farewell",
	"burden", "cope", "coping", "wake", "disappear*", "vanish", "knife", "knives", "blade*", "razor*", "hang*",
	"funeral", "affairs", "hopeless*", "worthless", "crisis", "emergency", "unsafe", "danger*", "threat*", "attack*", "stab*",
	"weapon*", "gun", "shotgun", "missing", "ambulance", "999", "vodka", "garage", "engine", "quarry", "canal",
	"forever", "existence", "numb", "empty", "forgive", "scars", "drown*", "poison*", "bleach", "collapsed",
	"unconscious", "breathing", "unresponsive", "seizure",
}

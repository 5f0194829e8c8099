package knowledge

import "testing"

func TestUnderstand(t *testing.T) {
	g, err := DefaultGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	if g.Len() < 1500 {
		t.Fatalf("gazetteer has %d places; want at least 1500", g.Len())
	}
	tests := []struct {
		msg, nation, main, other string
		textLacks                []string
		noNation                 bool
	}{
		{msg: "hiya, small hearing voices group in Leeds, do we need to register as a charity?", nation: "england",
			main: "do we need to register as a charity?", textLacks: []string{"Leeds"}},
		{msg: "group in Dundee here. do we need to register?", nation: "scotland"},
		{msg: "we're based in Llandudno and want to know about DBS checks", nation: "wales"},
		{msg: "Belfast group: is there an income threshold for registering?", nation: "northern-ireland"},
		{msg: "we have about 3 grand in the bank", textLacks: []string{"grand"}},
		{msg: "our group meets in Little Snoringham Magna, do we need a constitution?", textLacks: []string{"Snoringham"}},
		{msg: "do we need a safeguarding policy? also how often should we review it?",
			main: "do we need a safeguarding policy?", other: "how often should we review it?"},
		// Naming the nation beats a place elsewhere.
		{msg: "I'm in Carlisle but our group is registered in Scotland", nation: "scotland"},
		// A nation named only to compare with leaves the place to decide.
		{msg: "hiring our first worker in Banbridge, is it the same as in England?", nation: "northern-ireland"},
		{msg: "moved from England to Oban, who funds mental health stuff up here?", nation: "scotland"},
		{msg: "our group in Wrexham, is it different to Scotland for trustees?", nation: "wales"},
		{msg: "is the DBS check the same as in England? we're in Wales", nation: "wales"},
		// A nation named as where the reading came from: the place decides.
		{msg: "Belfast group, first part time worker. what's different here? everything I read is English", nation: "northern-ireland"},
		{msg: "group in Aberystwyth. everything online talks about ICBs and that's England isn't it? who decides round here?", nation: "wales"},
		{msg: "Omagh group: the English helpline numbers we had don't all work here", nation: "northern-ireland"},
		// Parliaments, trusts and "NI" where a place would stand.
		{msg: "can we lobby mlas about mental health funding as a charity in ni?", nation: "northern-ireland"},
		{msg: "how do i report an adult safeguarding concern? we're in the western trust area", nation: "northern-ireland"},
		{msg: "we're an NI charity, do we need an independent examiner?", nation: "northern-ireland"},
		{msg: "should we write to our MSP about the cuts to our funding?", nation: "scotland"},
		{msg: "the HSCP wants us to bid for the contract", nation: "scotland"},
		{msg: "a Senedd member wants to visit our group", nation: "wales"},
		// "NI" is also National Insurance.
		{msg: "how much do we pay in NI for a sessional worker?", noNation: true},
		{msg: "do we have to pay employer's NI on £200 a month?", noNation: true},
	}
	for _, tt := range tests {
		q := Understand(tt.msg, g)
		if tt.nation != "" && q.Jurisdiction != tt.nation {
			t.Errorf("%q: nation %q, want %q", tt.msg, q.Jurisdiction, tt.nation)
		}
		if tt.noNation && q.Jurisdiction != "" {
			t.Errorf("%q: nation %q, want none", tt.msg, q.Jurisdiction)
		}
		if tt.main != "" && q.Main != tt.main {
			t.Errorf("%q: main %q, want %q", tt.msg, q.Main, tt.main)
		}
		if tt.other != "" && q.Other != tt.other {
			t.Errorf("%q: other %q, want %q", tt.msg, q.Other, tt.other)
		}
		for _, w := range tt.textLacks {
			if contains([]string{q.Text}, w) || containsWord(q.Text, w) {
				t.Errorf("%q: searched text %q still has %q", tt.msg, q.Text, w)
			}
		}
	}
}

func containsWord(s, w string) bool {
	for _, f := range words(s) {
		if f == fold(lower(w)) {
			return true
		}
	}
	return false
}

func lower(s string) string {
	out := []rune(s)
	for i, r := range out {
		if r >= 'A' && r <= 'Z' {
			out[i] = r + 'a' - 'A'
		}
	}
	return string(out)
}

func TestParseGazetteerRejectsBadLines(t *testing.T) {
	for _, bad := range []string{"leeds\n", "leeds\tnarnia\n"} {
		if _, err := ParseGazetteer([]byte(bad)); err == nil {
			t.Errorf("ParseGazetteer(%q) accepted a bad line", bad)
		}
	}
}

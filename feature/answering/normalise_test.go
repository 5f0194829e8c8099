package answering

import "testing"

func TestNormaliseQuestion(t *testing.T) {
	got := NormaliseQuestion("  Hi <@U123ABC>, email me at sam@example.org or 07700 900123 -- WHAT is a JSNA?? ")
	want := "hi email me at or what is a jsna"
	if got != want {
		t.Errorf("NormaliseQuestion = %q, want %q", got, want)
	}
}

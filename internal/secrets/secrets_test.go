package secrets

import (
	"strings"
	"testing"
)

func mustKey(t *testing.T, id string) string {
	t.Helper()
	k, err := NewKey(id)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestRoundTripAndRotation(t *testing.T) {
	k1, k2 := mustKey(t, "k1"), mustKey(t, "k2")
	old, err := Parse(k1)
	if err != nil {
		t.Fatal(err)
	}
	ct, err := old.Encrypt("xoxb-secret-token", "T1")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(ct, "xoxb") || !strings.HasPrefix(ct, "k1:") {
		t.Fatalf("ciphertext %q leaks the token or lacks its key id", ct)
	}

	rotated, err := Parse(k2 + "," + k1)
	if err != nil {
		t.Fatal(err)
	}
	if !rotated.Stale(ct) {
		t.Error("a k1 ciphertext is not stale once k2 is primary")
	}
	got, err := rotated.Decrypt(ct, "T1")
	if err != nil || got != "xoxb-secret-token" {
		t.Fatalf("decrypt with rotated ring = %q, %v", got, err)
	}
	ct2, err := rotated.Encrypt(got, "T1")
	if err != nil {
		t.Fatal(err)
	}
	if rotated.Stale(ct2) || !strings.HasPrefix(ct2, "k2:") {
		t.Errorf("re-encrypted ciphertext %q is not under k2", ct2)
	}
	if _, err := old.Decrypt(ct2, "T1"); err == nil {
		t.Error("a ring without k2 decrypted a k2 ciphertext")
	}
}

func TestDecryptRefuses(t *testing.T) {
	kr, err := Parse(mustKey(t, "k1"))
	if err != nil {
		t.Fatal(err)
	}
	ct, err := kr.Encrypt("token", "T1")
	if err != nil {
		t.Fatal(err)
	}
	tampered := ct[:len(ct)-2] + "AA"
	if tampered == ct {
		tampered = ct[:len(ct)-2] + "BB"
	}
	for name, tc := range map[string]struct{ ct, ad string }{
		"other workspace": {ct, "T2"},
		"tampered":        {tampered, "T1"},
		"unknown key":     {"k9" + ct[2:], "T1"},
		"no key id":       {"garbage", "T1"},
		"bad base64":      {"k1:***", "T1"},
	} {
		t.Run(name, func(t *testing.T) {
			if got, err := kr.Decrypt(tc.ct, tc.ad); err == nil {
				t.Errorf("decrypted to %q", got)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	for name, spec := range map[string]string{
		"empty":     "",
		"no id":     "bm90IGEga2V5",
		"short key": "k1:c2hvcnQ=",
		"not b64":   "k1:!!!",
		"duplicate": mustKey(t, "k1") + "," + mustKey(t, "k1"),
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Parse(spec); err == nil {
				t.Errorf("Parse(%q) succeeded", spec)
			}
		})
	}
}

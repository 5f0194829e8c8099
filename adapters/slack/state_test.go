package slack

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestOAuthStateIsSignedAndExpires(t *testing.T) {
	key := stateKey("client-secret")
	t0 := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	s, err := signState(key, t0.Add(stateTTL))
	if err != nil {
		t.Fatal(err)
	}
	if other, _ := signState(key, t0.Add(stateTTL)); other == s {
		t.Error("two states are the same: no nonce")
	}
	if err := checkState(key, s, t0.Add(stateTTL-time.Second)); err != nil {
		t.Errorf("a fresh state: %v", err)
	}
	if err := checkState(key, s, t0.Add(stateTTL)); !errors.Is(err, errStateExpired) {
		t.Errorf("a state at its expiry: %v", err)
	}
	if err := checkState(stateKey("another app"), s, t0); !errors.Is(err, errStateForged) {
		t.Errorf("a state signed with another key: %v", err)
	}
	// Pushing the expiry forward breaks the signature.
	p, sig, _ := strings.Cut(s, ".")
	tampered := []byte(p)
	tampered[3] ^= 'A' ^ 'B'
	for _, bad := range []string{string(tampered) + "." + sig, p, "", ".", p + ".", "not-a-state"} {
		if err := checkState(key, bad, t0); !errors.Is(err, errStateForged) {
			t.Errorf("checkState(%q) = %v, want forged", bad, err)
		}
	}
}

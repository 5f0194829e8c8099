package slack

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"time"
)

// OAuth state is signed rather than stored, so that /slack/install, which
// anyone may call, writes nothing: the state carries its own expiry and a
// random nonce, with an HMAC-SHA256 over both. Any replica can check it,
// after a restart too. The same value is set in a cookie, so the callback
// must come back to the browser that started the install (as before), and
// Slack's code is single-use, so a state need not be.

// stateKey derives the signing key from the app's client secret, which
// every replica has and nobody outside does.
func stateKey(clientSecret string) []byte {
	mac := hmac.New(sha256.New, []byte(clientSecret))
	mac.Write([]byte("waymark slack oauth state v1"))
	return mac.Sum(nil)
}

var b64 = base64.RawURLEncoding

// signState makes a state valid until expires.
func signState(key []byte, expires time.Time) (string, error) {
	var payload [8 + 16]byte
	binary.BigEndian.PutUint64(payload[:8], uint64(expires.Unix()))
	if _, err := rand.Read(payload[8:]); err != nil {
		return "", fmt.Errorf("oauth state nonce: %w", err)
	}
	mac := hmac.New(sha256.New, key)
	mac.Write(payload[:])
	return b64.EncodeToString(payload[:]) + "." + b64.EncodeToString(mac.Sum(nil)), nil
}

var (
	errStateForged  = errors.New("oauth state not signed by this deployment")
	errStateExpired = errors.New("oauth state expired")
)

// checkState verifies a state's signature and expiry at now.
func checkState(key []byte, state string, now time.Time) error {
	p, sig, ok := strings.Cut(state, ".")
	if !ok {
		return errStateForged
	}
	payload, err1 := b64.DecodeString(p)
	got, err2 := b64.DecodeString(sig)
	if err1 != nil || err2 != nil || len(payload) != 24 {
		return errStateForged
	}
	mac := hmac.New(sha256.New, key)
	mac.Write(payload)
	if !hmac.Equal(got, mac.Sum(nil)) {
		return errStateForged
	}
	if expires := time.Unix(int64(binary.BigEndian.Uint64(payload[:8])), 0); !now.Before(expires) {
		return errStateExpired
	}
	return nil
}

// Package secrets encrypts small secrets (platform tokens) at rest with
// AES-256-GCM under a key ring, so keys can be rotated without downtime.
//
// The ring is configured as WAYMARK_SECRET_KEYS="k2:<base64 32 bytes>,k1:<...>".
// The first key encrypts; every key decrypts. Each ciphertext starts with the
// id of the key that sealed it ("k2:..."), so after a new key is put first,
// old ciphertexts still open and can be re-sealed under the new key (see
// [KeyRing.Stale]) before the old key is removed.
package secrets

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// KeyRing holds the encryption keys. It is safe for concurrent use.
type KeyRing struct {
	primary string
	aeads   map[string]cipher.AEAD
}

// Parse reads a key ring from its configuration form: comma-separated
// "id:base64key" pairs, the encrypting key first. Keys are 32 bytes.
func Parse(spec string) (*KeyRing, error) {
	kr := &KeyRing{aeads: map[string]cipher.AEAD{}}
	for _, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		id, b64, ok := strings.Cut(part, ":")
		if !ok || id == "" || strings.ContainsAny(id, ": ") {
			return nil, errors.New("secret keys: each key must be id:base64 (for example k1:...)")
		}
		key, err := base64.StdEncoding.DecodeString(b64)
		if err != nil {
			// Error messages must not echo key material.
			return nil, fmt.Errorf("secret key %q: not valid base64", id)
		}
		if len(key) != 32 {
			return nil, fmt.Errorf("secret key %q: %d bytes, want 32 (openssl rand -base64 32)", id, len(key))
		}
		if _, dup := kr.aeads[id]; dup {
			return nil, fmt.Errorf("secret key %q: listed twice", id)
		}
		block, err := aes.NewCipher(key)
		if err != nil {
			return nil, fmt.Errorf("secret key %q: %w", id, err)
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, fmt.Errorf("secret key %q: %w", id, err)
		}
		if kr.primary == "" {
			kr.primary = id
		}
		kr.aeads[id] = aead
	}
	if kr.primary == "" {
		return nil, errors.New("secret keys: none configured")
	}
	return kr, nil
}

// NewKey returns a fresh random key in configuration form, "id:base64".
func NewKey(id string) (string, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return "", err
	}
	return id + ":" + base64.StdEncoding.EncodeToString(key), nil
}

// Primary is the id of the key that encrypts.
func (kr *KeyRing) Primary() string { return kr.primary }

// Encrypt seals plaintext under the primary key. additional binds the
// ciphertext to its context (e.g. the workspace id), so a ciphertext copied
// to another row does not decrypt.
func (kr *KeyRing) Encrypt(plaintext, additional string) (string, error) {
	aead := kr.aeads[kr.primary]
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("encrypt: %w", err)
	}
	sealed := aead.Seal(nonce, nonce, []byte(plaintext), []byte(additional))
	return kr.primary + ":" + base64.RawStdEncoding.EncodeToString(sealed), nil
}

// Decrypt opens a ciphertext made by Encrypt with any key in the ring.
func (kr *KeyRing) Decrypt(ciphertext, additional string) (string, error) {
	id, b64, ok := strings.Cut(ciphertext, ":")
	if !ok {
		return "", errors.New("decrypt: not a Waymark ciphertext")
	}
	aead, ok := kr.aeads[id]
	if !ok {
		return "", fmt.Errorf("decrypt: key %q is not configured", id)
	}
	raw, err := base64.RawStdEncoding.DecodeString(b64)
	if err != nil || len(raw) < aead.NonceSize() {
		return "", errors.New("decrypt: malformed ciphertext")
	}
	plain, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], []byte(additional))
	if err != nil {
		return "", fmt.Errorf("decrypt with key %q: %w", id, err)
	}
	return string(plain), nil
}

// Stale reports whether a ciphertext was sealed with a key other than the
// primary one and should be re-encrypted.
func (kr *KeyRing) Stale(ciphertext string) bool {
	id, _, _ := strings.Cut(ciphertext, ":")
	return id != kr.primary
}

package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/waymark-org/waymark/bot"
	"github.com/waymark-org/waymark/internal/store"
)

func TestNetworkModeratorsAddListRemove(t *testing.T) {
	eachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		is := func(id string) bool {
			t.Helper()
			ok, err := db.IsNetworkModerator(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if is("U1") {
			t.Fatal("U1 is a network moderator in an empty database")
		}
		before := time.Now().Add(-time.Second)
		if err := db.AddNetworkModerator(ctx, "U1", "Sam, network coordinator", "alex"); err != nil {
			t.Fatal(err)
		}
		if err := db.AddNetworkModerator(ctx, "U2", "", "cli"); err != nil {
			t.Fatal(err)
		}
		if !is("U1") || !is("U2") || is("U3") || is("u1") {
			t.Error("after adding U1 and U2: wrong answers from IsNetworkModerator")
		}
		// Adding again replaces the note (made one line) and keeps who
		// added them first.
		if err := db.AddNetworkModerator(ctx, "U1", " Sam,\n\tchair ", "someone-else"); err != nil {
			t.Fatalf("adding again: %v", err)
		}
		mods, err := db.NetworkModerators(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(mods) != 2 || mods[0].UserID != "U1" || mods[1].UserID != "U2" {
			t.Fatalf("moderators = %+v; want U1 then U2", mods)
		}
		if m := mods[0]; m.Note != "Sam, chair" || m.AddedBy != "alex" || m.AddedAt.Before(before) || m.AddedAt.After(time.Now().Add(time.Second)) {
			t.Errorf("U1 = %+v; want the new note, added by alex just now", m)
		}
		if err := db.RemoveNetworkModerator(ctx, "U1"); err != nil {
			t.Fatal(err)
		}
		if is("U1") || !is("U2") {
			t.Error("after removing U1: wrong answers from IsNetworkModerator")
		}
		if err := db.RemoveNetworkModerator(ctx, "U1"); !errors.Is(err, bot.ErrNotFound) {
			t.Errorf("removing U1 again: %v; want not found", err)
		}
	})
}

func TestNetworkModeratorIDsAreValidated(t *testing.T) {
	cases := []struct {
		name, id string
		ok       bool
	}{
		{"slack id", "U0123ABCD", true},
		{"discord snowflake", "123456789012345678", true},
		{"os user name", "sam.jones-2", true},
		{"longest", strings.Repeat("x", store.MaxUserIDLen), true},
		{"non-ascii letters", "zoë", true},
		{"empty", "", false},
		{"space inside", "U1 U2", false},
		{"leading space", " U1", false},
		{"tab", "U1\t", false},
		{"newline", "U1\nU2", false},
		{"too long", strings.Repeat("x", store.MaxUserIDLen+1), false},
		{"control character", "U1\x1b[31m", false},
		{"invalid utf-8", "U1\xff", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := store.ValidateUserID(tc.id)
			if tc.ok != (err == nil) {
				t.Errorf("ValidateUserID(%q) = %v; want ok %v", tc.id, err, tc.ok)
			}
			if err != nil && !errors.Is(err, store.ErrInvalidUserID) {
				t.Errorf("ValidateUserID(%q) = %v; want ErrInvalidUserID", tc.id, err)
			}
		})
	}
	// The store refuses what the validator refuses, before any SQL.
	eachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.AddNetworkModerator(ctx, "U1 U2", "", "cli"); !errors.Is(err, store.ErrInvalidUserID) {
			t.Errorf("add with a space: %v; want ErrInvalidUserID", err)
		}
		if err := db.RemoveNetworkModerator(ctx, ""); !errors.Is(err, store.ErrInvalidUserID) {
			t.Errorf("remove an empty id: %v; want ErrInvalidUserID", err)
		}
		if ok, err := db.IsNetworkModerator(ctx, ""); ok || err != nil {
			t.Errorf("is the empty id a network moderator: %v, %v; want false, nil", ok, err)
		}
		if err := db.AddNetworkModerator(ctx, "U1", strings.Repeat("n", 201), "cli"); err == nil {
			t.Error("a 201-character note was accepted")
		}
		if mods, err := db.NetworkModerators(ctx); err != nil || len(mods) != 0 {
			t.Errorf("moderators after refused adds = %+v, %v; want none", mods, err)
		}
	})
}

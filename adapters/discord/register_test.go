package discord_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/waymark-org/waymark/adapters/discord"
	"github.com/waymark-org/waymark/adapters/discord/discordfake"
)

// Registering overwrites the application's commands in one call,
// globally or in one server, through discordgo against the fake.
func TestRegisterBulkOverwrites(t *testing.T) {
	fake := discordfake.New()
	t.Cleanup(fake.Close)
	ctx := context.Background()
	for _, scope := range []string{"", "400000000000000009"} {
		got, err := discord.RegisterCommands(ctx, fake.Client(), fake.AppID, "bot-token", scope)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].ID == "" || got[0].Name != "waymark" {
			t.Fatalf("registered: %+v", got)
		}
		key := scope
		if key == "" {
			key = "global"
		}
		var cmds []map[string]any
		if err := json.Unmarshal(fake.Commands(key), &cmds); err != nil || len(cmds) != 1 || len(cmds[0]["options"].([]any)) != 7 {
			t.Fatalf("%s: the fake holds %s (%v)", key, fake.Commands(key), err)
		}
	}
	if _, err := discord.RegisterCommands(ctx, fake.Client(), "999", "bot-token", ""); err == nil {
		t.Error("registering for another application succeeded")
	}
}

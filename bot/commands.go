package bot

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Command is one /waymark sub-command a feature adds.
type Command struct {
	// Name is the first word after /waymark.
	Name    string
	Summary string
	Usage   string
	// Moderator commands are refused to everyone else before Run.
	Moderator bool
	// Run gets the words after the name.
	Run func(ctx context.Context, req Request, args []string) Reply
}

// Register adds a feature's command. It must be called before the bot
// serves requests; a name registered twice is a wiring mistake.
func (b *Bot) Register(c Command) error {
	if c.Name == "" || c.Run == nil {
		return fmt.Errorf("register command %q: a name and a Run func are required", c.Name)
	}
	if _, ok := b.commands[c.Name]; ok {
		return fmt.Errorf("register command %q: already registered", c.Name)
	}
	b.commands[c.Name] = c
	return nil
}

// HasCommand reports whether name is a registered command.
func (b *Bot) HasCommand(name string) bool {
	_, ok := b.commands[name]
	return ok
}

// Usage is a registered command's usage line, "" when there is none.
func (b *Bot) Usage(name string) string { return b.commands[name].Usage }

// ActionFunc handles a feature's button click.
type ActionFunc func(ctx context.Context, req Request, action, value string) Reply

// RegisterAction routes button actions starting with prefix (such as
// "checkin.") to a feature. It must be called before the bot serves.
func (b *Bot) RegisterAction(prefix string, fn ActionFunc) error {
	if prefix == "" || fn == nil {
		return fmt.Errorf("register action %q: a prefix and a func are required", prefix)
	}
	for p := range b.actions {
		if strings.HasPrefix(p, prefix) || strings.HasPrefix(prefix, p) {
			return fmt.Errorf("register action %q: overlaps %q", prefix, p)
		}
	}
	b.actions[prefix] = fn
	return nil
}

// Action handles a button click.
func (b *Bot) Action(ctx context.Context, req Request, action, value string) Reply {
	req, value = cleanRequest(req), CleanText(value)
	for prefix, fn := range b.actions {
		if strings.HasPrefix(action, prefix) {
			return fn(ctx, req, action, value)
		}
	}
	return ErrorReply("That button is no longer available.")
}

// Forgotten is what a feature did with a person's data on forget-me, in
// plain words for the person.
type Forgotten struct {
	// Deleted: "3 check-ins and your check-in settings".
	Deleted []string
	// Kept says what stays and why: "the deadline you added (AGM), without
	// your name: it is the group's".
	Kept []string
}

// PersonalData is implemented by features that keep data about a person
// (check-ins, deadlines they own); forget-me asks each to delete it.
type PersonalData interface {
	// ForgetUser deletes everything about the user in the tenant, or
	// takes their id off what must stay, and says which.
	ForgetUser(ctx context.Context, tenantID int64, userID string) (Forgotten, error)
}

// ForgetFunc lets a plain function be registered as PersonalData.
type ForgetFunc func(ctx context.Context, tenantID int64, userID string) (Forgotten, error)

// ForgetUser calls f.
func (f ForgetFunc) ForgetUser(ctx context.Context, tenantID int64, userID string) (Forgotten, error) {
	return f(ctx, tenantID, userID)
}

// RegisterPersonalData adds a feature's personal data to what forget-me
// deletes. It must be called before the bot serves.
func (b *Bot) RegisterPersonalData(p PersonalData) { b.personal = append(b.personal, p) }

// ForgetUser asks every registered feature, in the order they registered,
// to forget the user, and gathers what they said. It stops at the first
// error, so the person is told something went wrong rather than that it
// was done.
func (b *Bot) ForgetUser(ctx context.Context, tenantID int64, userID string) (Forgotten, error) {
	var all Forgotten
	for _, p := range b.personal {
		f, err := p.ForgetUser(ctx, tenantID, userID)
		if err != nil {
			return Forgotten{}, fmt.Errorf("forget user's feature data: %w", err)
		}
		all.Deleted = append(all.Deleted, f.Deleted...)
		all.Kept = append(all.Kept, f.Kept...)
	}
	return all, nil
}

// RunCommand runs req.Text as a command line. Anything that is not a
// command is most likely a question typed after /waymark, and is answered.
func (b *Bot) RunCommand(ctx context.Context, req Request) Reply {
	req = cleanRequest(req)
	args, err := SplitArgs(req.Text)
	if err != nil {
		return ErrorReply(fmt.Sprintf("I couldn't read that command: %v. Try /waymark help.", err))
	}
	if len(args) == 0 {
		return b.Help()
	}
	name := strings.ToLower(args[0])
	cmd, ok := b.commands[name]
	if !ok {
		// Answering it is kinder than an error; the text was screened
		// whole by Handle, and the answerer screens what it answers.
		if strings.HasSuffix(req.Text, "?") || len(args) > 3 {
			if ask, ok := b.commands["ask"]; ok {
				// The whole line, quotes and all, is the question.
				return ask.Run(ctx, req, []string{req.Text})
			}
		}
		return ErrorReply(fmt.Sprintf("I don't know the command %q. Type /waymark help to see the commands, or just ask your question.", args[0]))
	}
	if cmd.Moderator && !req.IsModerator() {
		return ErrorReply("Only moderators can do that. Ask a workspace admin to add you with /waymark settings moderators add.")
	}
	return cmd.Run(ctx, req, args[1:])
}

// SplitArgs splits a command line into words, keeping "quoted phrases"
// and 'single-quoted phrases' whole.
func SplitArgs(s string) ([]string, error) {
	var out []string
	var cur strings.Builder
	var quote rune
	inWord := false
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '"' || r == '“' || r == '”':
			quote, inWord = '"', true
			if r == '“' {
				quote = '”'
			}
		case r == ' ' || r == '\t' || r == '\n':
			if inWord {
				out = append(out, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, errors.New("a quotation mark is not closed")
	}
	if inWord {
		out = append(out, cur.String())
	}
	return out, nil
}

// Help lists every registered command.
func (b *Bot) Help() Reply {
	names := make([]string, 0, len(b.commands))
	for n := range b.commands {
		names = append(names, n)
	}
	sort.Strings(names)
	var sb strings.Builder
	sb.WriteString("I'm Waymark. I answer questions about running a user-led group (governance, safeguarding, funding and commissioning, and looking after yourself) from a checked, sourced knowledge base. Just ask, for example \"Do we need to register as a charity?\"\n\nCommands:")
	for _, n := range names {
		c := b.commands[n]
		note := ""
		if c.Moderator {
			note = " (moderators)"
		}
		fmt.Fprintf(&sb, "\n- %s: %s%s", c.Usage, c.Summary, note)
	}
	sb.WriteString("\n\nIf you or someone else is in danger, call 999. Samaritans are there any time on 116 123.")
	return InfoReply(sb.String())
}

// Package console is Waymark's terminal adapter: the embedded default that
// needs no tokens and no network. Each line is a question, or a command
// when it starts with "/waymark ".
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/mitchellh/go-wordwrap"

	"github.com/waymark-org/waymark/bot"
)

// Handler is the part of the core the terminal needs.
type Handler interface {
	Handle(ctx context.Context, req bot.Request) bot.Reply
}

// Console reads questions from In and writes replies to Out. It also
// implements bot.Notifier, so reminders and check-ins print while a chat
// runs.
type Console struct {
	Handler Handler
	Tenant  *bot.Tenant
	UserID  string
	In      io.Reader
	Out     io.Writer
	// Prompt is printed before each line is read; empty for none.
	Prompt string
	// Width is the terminal's width in columns for wrapping; 0 does not
	// wrap (output to a file or a pipe).
	Width int

	mu sync.Mutex // serialises writes from the chat and from notifications
	// buttons are the last check-in's buttons, so a bare "3" or "skip"
	// typed next answers it.
	buttons []bot.Button
}

// Actor is the part of the core that handles button clicks; a typed
// number stands for a click in the terminal.
type Actor interface {
	Action(ctx context.Context, req bot.Request, action, value string) bot.Reply
}

// remember keeps r's check-in buttons for the next typed line.
func (c *Console) remember(r bot.Reply) {
	for _, b := range r.Buttons {
		if strings.HasPrefix(b.Action, "checkin.") {
			c.mu.Lock()
			c.buttons = r.Buttons
			c.mu.Unlock()
			return
		}
	}
}

// button returns the remembered button a typed line stands for, and
// forgets them: one answer per check-in.
func (c *Console) button(line string) (bot.Button, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, b := range c.buttons {
		if strings.EqualFold(line, b.Value) {
			c.buttons = nil
			return b, true
		}
	}
	return bot.Button{}, false
}

// Greeting is printed when a chat starts.
const Greeting = `Waymark: answers for people running user-led mental-health groups.
Ask a question in your own words, or type /waymark help. Ctrl-D or "quit" to leave.
If you or someone else is in danger, call 999. Samaritans: 116 123, any time.`

// Run chats until In ends, the user quits or ctx is cancelled.
func (c *Console) Run(ctx context.Context) error {
	c.println(Greeting)
	lines := make(chan string)
	errc := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(c.In)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
		errc <- sc.Err()
		close(lines)
	}()
	for {
		c.prompt()
		select {
		case <-ctx.Done():
			return nil
		case line, ok := <-lines:
			if !ok {
				if err := <-errc; err != nil {
					return fmt.Errorf("read terminal: %w", err)
				}
				c.println("")
				return nil
			}
			line = strings.TrimSpace(line)
			switch strings.ToLower(line) {
			case "":
				continue
			case "quit", "exit", "/quit", "/exit", "bye":
				c.println("Take care.")
				return nil
			}
			req := bot.Request{
				Tenant: c.Tenant, UserID: c.UserID, UserName: c.UserID,
				Moderator: true, Direct: true, ChannelID: "terminal", Text: line,
			}
			if actor, ok := c.Handler.(Actor); ok {
				if b, ok := c.button(line); ok {
					c.println(RenderWidth(actor.Action(ctx, req, b.Action, b.Value), c.Width))
					continue
				}
			}
			r := c.Handler.Handle(ctx, req)
			c.remember(r)
			c.println(RenderWidth(r, c.Width))
		}
	}
}

func (c *Console) prompt() {
	if c.Prompt == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	fmt.Fprint(c.Out, c.Prompt)
}

func (c *Console) println(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fmt.Fprintln(c.Out, s)
}

// Render turns a reply into terminal text, unwrapped.
func Render(r bot.Reply) string { return RenderWidth(r, 0) }

// RenderWidth turns a reply into terminal text wrapped to width columns
// (0: not wrapped), so long answers read well in a narrow window.
func RenderWidth(r bot.Reply, width int) string {
	var sb strings.Builder
	sb.WriteString(wrap(r.Text, width))
	if r.Kind == bot.KindAnswer && len(r.Suggestions) > 0 {
		sb.WriteString("\n\nRelated:")
		for _, s := range r.Suggestions {
			fmt.Fprintf(&sb, "\n- %s (/waymark kb show %s)", s.Title, s.ID)
		}
	}
	sb.WriteString("\n")
	return sb.String()
}

// wrap folds each line at width, keeping list items' indent.
func wrap(text string, width int) string {
	if width <= 20 {
		return text
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if len(l) <= width {
			continue
		}
		indent := ""
		if strings.HasPrefix(l, "- ") {
			indent = "  "
		}
		w := wordwrap.WrapString(l, uint(width))
		lines[i] = strings.ReplaceAll(w, "\n", "\n"+indent)
	}
	return strings.Join(lines, "\n")
}

// PostChannel prints a message Waymark starts itself, such as a reminder.
func (c *Console) PostChannel(_ context.Context, _ *bot.Tenant, _ string, r bot.Reply) error {
	c.println("\n" + RenderWidth(r, c.Width))
	return nil
}

// DirectMessage prints a private message to the person at the terminal,
// such as a check-in. A message for anyone else (a safeguarding lead's
// alert) is not theirs to read, so it is not printed: the terminal has only
// one reader.
func (c *Console) DirectMessage(_ context.Context, _ *bot.Tenant, userID string, r bot.Reply) error {
	if userID != c.UserID {
		return nil
	}
	c.remember(r)
	c.println("\n(private) " + RenderWidth(r, c.Width))
	return nil
}

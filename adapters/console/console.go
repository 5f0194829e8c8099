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

	mu sync.Mutex // serialises writes from the chat and from notifications
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
			r := c.Handler.Handle(ctx, bot.Request{
				Tenant: c.Tenant, UserID: c.UserID, UserName: c.UserID,
				Moderator: true, Direct: true, ChannelID: "terminal", Text: line,
			})
			c.println(Render(r))
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

// Render turns a reply into terminal text.
func Render(r bot.Reply) string {
	var sb strings.Builder
	sb.WriteString(r.Text)
	if r.Kind == bot.KindAnswer && len(r.Suggestions) > 0 {
		sb.WriteString("\n\nRelated:")
		for _, s := range r.Suggestions {
			fmt.Fprintf(&sb, "\n- %s (/waymark kb show %s)", s.Title, s.ID)
		}
	}
	sb.WriteString("\n")
	return sb.String()
}

// PostChannel prints a message Waymark starts itself, such as a reminder.
func (c *Console) PostChannel(_ context.Context, _ *bot.Tenant, _ string, r bot.Reply) error {
	c.println("\n" + Render(r))
	return nil
}

// DirectMessage prints a private message, such as a check-in.
func (c *Console) DirectMessage(_ context.Context, _ *bot.Tenant, _ string, r bot.Reply) error {
	c.println("\n(private) " + Render(r))
	return nil
}

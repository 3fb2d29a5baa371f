package tests

import (
	"os"
	"os/user"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// PS1 escapes, expansions in the prompt, \[ \] and multi-line prompts.
func TestPtyPromptEscapes(t *testing.T) {
	s := startIsh(t, nil)
	me := currentUserName(t)
	host, _ := os.Hostname()
	short, _, _ := strings.Cut(host, ".")
	s.Line(`PS1='<\u|\h|\H|\w|\W|\$|\j|\s|\\|\101\072|$((6*7))|$(echo sub)|${USER}> '`)
	got := clean(s.Expect(`(?s)\n.*?<.*?> `))
	home := filepath.Base(s.home)
	dollar := "$"
	if os.Geteuid() == 0 {
		dollar = "#"
	}
	want := "<" + me + "|" + short + "|" + host + "|~|~|" + dollar + "|0|gsh|\\|A:|42|sub|tester> "
	if !strings.HasSuffix(got, want) {
		t.Fatalf("prompt %q, want %q", got, want)
	}
	_ = home
	s.Line(`cd /tmp; PS1='[\w|\W] '`)
	s.Expect(`\[/tmp\|tmp\] `)
	s.Line(`PS1='\t|\T|\@|\A|\d|\D{%Y}> '`)
	time := clean(s.Expect(`(?s)\n.*?> `))
	re := regexp.MustCompile(`\d\d:\d\d:\d\d\|\d\d:\d\d:\d\d\|\d\d:\d\d [AP]M\|\d\d:\d\d\|[A-Z][a-z][a-z] [A-Z][a-z][a-z] \d\d\|\d{4}> $`)
	if !re.MatchString(time) {
		t.Fatalf("time escapes: %q", time)
	}
	// \[ \] spans reach the terminal unchanged; a multi-line prompt.
	s.Line(`PS1='\[\e[1;31m\]red\[\e[0m\] \v\nsecond> '`)
	out := s.Expect(`(?s)\r\n.*?second> `)
	if !strings.Contains(out, "\x1b[1;31mred\x1b[0m ") || !regexp.MustCompile(`red \d+\.\d+\nsecond> $`).MatchString(clean(out)) {
		t.Fatalf("colour prompt output %q", out)
	}
	// Quotes keep the echo of the typed line from matching the output.
	s.Line("echo aft''er")
	s.Expect(`\nafter\r\n`)
	s.Expect(`second> `)
}

// The default PS1 shows user, host and directory.
func TestPtyDefaultPrompt(t *testing.T) {
	p := startPtyEnv(t, nil, []string{"PS1"}, "--norc", "-i")
	me := currentUserName(t)
	host, _ := os.Hostname()
	short, _, _ := strings.Cut(host, ".")
	p.Expect(regexp.QuoteMeta(me+"@"+short+":~") + `[$#] `)
	p.Line("cd /usr/bin")
	p.Expect(regexp.QuoteMeta(me+"@"+short+":/usr/bin") + `[$#] `)
}

// \! is the history number of the command being typed, \# the command
// number; an empty line counts for neither, a comment only for history.
func TestPtyPromptNumbers(t *testing.T) {
	s := startIsh(t, nil)
	s.Line(`PS1='[\! \#] '`)
	s.Expect(`\[2 2\] `)
	s.Line("")
	s.Expect(`\[2 2\] `)
	s.Line("true")
	s.Expect(`\[3 3\] `)
	s.Line("# comment")
	s.Expect(`\[4 3\] `)
	s.Line("history -c")
	s.Expect(`\[1 4\] `)
}

// PROMPT_COMMAND runs before each prompt (a string or an array) and
// leaves $? alone; PS0 is printed after a line is read.
func TestPtyPromptCommand(t *testing.T) {
	s := startIsh(t, nil)
	s.Line(`PROMPT_COMMAND="echo pc''-ran; false"`)
	if out := s.waitPrompt(); !strings.Contains(clean(out), "\npc-ran\n") {
		t.Fatalf("PROMPT_COMMAND did not run: %q", clean(out))
	}
	if out := s.run("true; echo $?"); !strings.Contains(out, "0\npc-ran") {
		t.Fatalf("status after PROMPT_COMMAND: %q", out)
	}
	if out := s.run(`PROMPT_COMMAND=('echo one' 'echo two')`); !strings.Contains(out, "one\ntwo") {
		t.Fatalf("array PROMPT_COMMAND: %q", out)
	}
	if out := s.run(`unset PROMPT_COMMAND; PS0='<ps0>\n'`); out != "" {
		t.Fatalf("unexpected output %q", out)
	}
	if out := s.run(`echo x`); !strings.Contains(out, "<ps0>\nx") {
		t.Fatalf("PS0: %q", out)
	}
}

// PS2 is shown while a command is unfinished: an open compound command,
// an open quote, a trailing pipe.
func TestPtyContinuationPrompt(t *testing.T) {
	s := startIsh(t, []string{"PS2=cont> "}) // PS2 from the environment is kept
	s.Line("if true; then")
	s.Expect(`cont> `)
	s.Line("echo in-if")
	s.Expect(`cont> `)
	s.Line("fi")
	if out := clean(s.waitPrompt()); !strings.Contains(out, "in-if") {
		t.Fatalf("if output %q", out)
	}
	s.Line("echo 'open")
	s.Expect(`cont> `)
	s.Line("quote'")
	if out := clean(s.waitPrompt()); !strings.Contains(out, "open\nquote") {
		t.Fatalf("quote output %q", out)
	}
	s.Line("echo piped |")
	s.Expect(`cont> `)
	s.Line("tr a-z A-Z")
	if out := clean(s.waitPrompt()); !strings.Contains(out, "PIPED") {
		t.Fatalf("pipe output %q", out)
	}
	// `time -v {` is a compound command still open, not `-v {`.
	s.Line("time -v {")
	s.Expect(`cont> `)
	s.Line("echo ti''med; }")
	if out := clean(s.waitPrompt()); !strings.Contains(out, "\ntimed\n") || !strings.Contains(out, "COMMAND") {
		t.Fatalf("time -v { output %q", out)
	}
	// Ctrl-C at PS2 drops the whole command.
	s.Line("for i in 1 2; do")
	s.Expect(`cont> `)
	s.Send(CtrlC)
	s.waitPrompt()
	if out := s.run("echo $?"); out != "130\n" {
		t.Fatalf("status after Ctrl-C at PS2: %q", out)
	}
}

// PS4 prefixes set -x traces, with prompt escapes expanded.
func TestPtyXtracePrompt(t *testing.T) {
	s := startIsh(t, nil)
	s.run(`PS4='+[\u] '`)
	if out := s.run("set -x; echo traced; set +x"); !strings.Contains(out, "+["+currentUserName(t)+"] echo traced\ntraced") {
		t.Fatalf("xtrace output %q", out)
	}
}

// currentUserName is what \u shows: the user name of the real user ID.
func currentUserName(t *testing.T) string {
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	return u.Username
}

package interactive

import (
	"io"
	"os"
	"strconv"
	"strings"

	"gsh/parser"
)

// loop reads and runs command lines until the shell exits.
func (fe *frontEnd) loop() {
	for {
		fe.windowVars()
		fe.rt.ReportJobs(fe.sh)
		// The notices are out: a set -b wake-up for them is stale.
		select {
		case <-fe.rt.NotifyChan():
		default:
		}
		src, ok := fe.readCommand()
		if !ok {
			continue
		}
		fe.run(src)
	}
}

// run runs one command line read from the user.
func (fe *frontEnd) run(src string) {
	f, err := parser.Parse(src)
	if err != nil {
		// Let the interpreter report the syntax error (and set $?).
		fe.sh = fe.sh.RunCommandLine(src)
		return
	}
	if len(f.Stmts) == 0 {
		return // a comment
	}
	if ps0, ok := fe.sh.Var("PS0"); ok && ps0 != "" {
		os.Stderr.WriteString(stripMarkers(fe.sh.ExpandPrompt(ps0)))
	}
	fe.sh = fe.sh.RunParsed(f.Stmts, src)
	if fe.sh.Exiting() {
		fe.sh.Exit(fe.sh.Status())
	}
}

// runHidden runs PROMPT_COMMAND or a start-up file.
func (fe *frontEnd) runHidden(src string) {
	fe.sh = fe.sh.RunHidden(src)
	if fe.sh.Exiting() {
		fe.sh.Exit(fe.sh.Status())
	}
}

// readCommand reads lines until they form a complete command, applying
// history expansion to each, and records the command in the history. ok
// is false when there is nothing to run (Ctrl-C, Ctrl-D, an empty line,
// an expansion error).
func (fe *frontEnd) readCommand() (string, bool) {
	var lines []string
	var src strings.Builder
	for {
		var line string
		var err error
		if len(lines) == 0 {
			line, err = fe.readLine(fe.ps1())
		} else {
			line, err = fe.readLine(fe.ps2())
		}
		switch {
		case err == ErrInterrupt:
			fe.sh.SetStatus(130)
			return "", false
		case err == ErrHangup:
			fe.sh.Exit(fe.sh.Status())
		case err != nil:
			if len(lines) > 0 {
				// End of input inside a command: the parser says what is
				// missing, then it is the end of input as at a prompt (bash
				// exits there too).
				fe.run(src.String())
			}
			fe.endOfInput(err)
			return "", false
		}
		fe.eofCount = 0
		if on, _ := fe.sh.Option("histexpand"); on {
			fe.hx.soFar = src.String()
			fe.hx.extglob, _ = fe.sh.Option("extglob")
			fe.hx.expChar, fe.hx.subChar = histChars(fe.sh.Vars().Str("histchars"))
			res, err := fe.hx.expand(line)
			if err != nil {
				os.Stderr.WriteString("gsh: " + err.Error() + "\n")
				fe.sh.SetStatus(1)
				return "", false
			}
			if res.changed {
				os.Stderr.WriteString(res.line + "\n")
			}
			line = res.line
			if res.printOnly {
				fe.addHistory(append(lines, line))
				return "", false
			}
		}
		lines = append(lines, line)
		src.WriteString(line)
		src.WriteByte('\n')
		if !parser.IsIncomplete(src.String()) {
			break
		}
	}
	if strings.TrimSpace(src.String()) == "" {
		return "", false
	}
	fe.addHistory(lines)
	return src.String(), true
}

// histChars returns the expansion and substitution characters of the
// histchars variable (default "!^").
func histChars(v string) (byte, byte) {
	exp, sub := byte('!'), byte('^')
	if len(v) > 0 {
		exp = v[0]
	}
	if len(v) > 1 {
		sub = v[1]
	}
	return exp, sub
}

// readLine reads one line with the editor; job notices of set -b are
// printed meanwhile, above the line being edited.
func (fe *frontEnd) readLine(p Prompt) (string, error) {
	vi, _ := fe.sh.Option("vi")
	fe.ed.Configure(EditorConfig{Vi: vi, History: fe.hist, HistSize: fe.histSizeLimit()})
	fe.reclaimTerminal()
	type result struct {
		line string
		err  error
	}
	ch := make(chan result, 1)
	go func() {
		line, err := fe.ed.ReadLine(p)
		ch <- result{line, err}
	}()
	for {
		select {
		case r := <-ch:
			return r.line, r.err
		case <-fe.rt.NotifyChan():
			fe.ed.Above(func() { fe.rt.ReportJobs(fe.sh) })
		case <-fe.rt.TrapChan():
			fe.trapsAtPrompt()
		}
	}
}

// trapsAtPrompt runs the traps of signals that came while the editor
// waits for keys, at once as bash does, above the line being edited.
// Completion runs shell code on the editor's goroutine: stateMu keeps
// the two apart.
func (fe *frontEnd) trapsAtPrompt() {
	fe.stateMu.Lock()
	fe.ed.Above(func() { fe.sh.RunPendingTraps() })
	fe.stateMu.Unlock()
	if fe.sh.Exiting() {
		fe.sh.Exit(fe.sh.Status())
	}
}

// ps1 runs PROMPT_COMMAND and expands PS1.
func (fe *frontEnd) ps1() Prompt {
	fe.promptCommand()
	ps1, _ := fe.sh.Var("PS1")
	return Prompt{Text: fe.sh.ExpandPrompt(ps1)}
}

func (fe *frontEnd) ps2() Prompt {
	ps2, _ := fe.sh.Var("PS2")
	return Prompt{Text: fe.sh.ExpandPrompt(ps2)}
}

// promptCommand runs PROMPT_COMMAND (a string, or an array of commands)
// with $? kept for the next command.
func (fe *frontEnd) promptCommand() {
	v := fe.sh.Vars().Get("PROMPT_COMMAND")
	if v == nil || !v.IsSet() {
		return
	}
	cmds := v.Elements()
	status := fe.sh.Status()
	for _, c := range cmds {
		if strings.TrimSpace(c) != "" {
			fe.runHidden(c)
		}
	}
	fe.sh.SetStatus(status)
}

// endOfInput handles Ctrl-D on an empty line (or the end of the input):
// with ignoreeof or IGNOREEOF the shell stays, unless that many came in a
// row; stopped jobs make it stay once; otherwise it exits.
func (fe *frontEnd) endOfInput(err error) {
	word := "exit"
	if fe.sh.LoginShell() {
		word = "logout"
	}
	if _, isTTY := fe.ed.(*rlEditor); isTTY && err == io.EOF {
		limit := -1
		if on, _ := fe.sh.Option("ignoreeof"); on {
			limit = 10
		}
		if v, ok := fe.sh.Var("IGNOREEOF"); ok {
			n, perr := strconv.Atoi(v)
			if perr != nil {
				n = 10
			}
			limit = n
		}
		if limit >= 0 && fe.eofCount < limit {
			fe.eofCount++
			fe.ed.WriteString("Use \"" + word + "\" to leave the shell.\n")
			return
		}
	}
	fe.ed.WriteString(word + "\n")
	if fe.rt.RefuseExit(fe.sh) {
		return
	}
	fe.sh.Exit(fe.sh.Status())
}

// addHistory records a command (its lines after history expansion).
func (fe *frontEnd) addHistory(lines []string) {
	if on, _ := fe.sh.Option("history"); !on || len(lines) == 0 {
		return
	}
	var entries []string
	cmdhist, _ := fe.sh.Option("cmdhist")
	lithist, _ := fe.sh.Option("lithist")
	switch {
	case !cmdhist:
		entries = lines
	case lithist:
		entries = []string{strings.Join(lines, "\n")}
	default:
		entries = []string{joinLines(lines)}
	}
	ctl := fe.sh.Vars().Str("HISTCONTROL")
	ignore := fe.sh.Vars().Str("HISTIGNORE")
	for _, e := range entries {
		if strings.TrimSpace(e) == "" {
			continue
		}
		if histIgnored(e, ctl, ignore, fe.hist) {
			continue
		}
		if hasWord(ctl, "erasedups") {
			fe.hist.EraseDups(e)
		}
		fe.hist.Add(e)
	}
	fe.hist.Trim(fe.histSizeLimit())
}

// histSize interprets HISTSIZE: unset or negative means no limit.
func histSize(v string, set bool) int {
	if !set {
		return -1
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return -1
	}
	return n
}

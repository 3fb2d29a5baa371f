// Package interactive is gsh's front end on a terminal: prompts, line
// editing, history, completion and start-up files around the
// interpreter's command-line runner.
package interactive

import (
	"bufio"
	"errors"
	"io"
	"os"
	"strings"

	"gsh/parser"
	"gsh/shell"
	"gsh/tty"
)

// Options are the command-line choices that concern the front end.
type Options struct {
	Login     bool
	NoRC      bool
	NoProfile bool
	RCFile    string
}

// IsTerminal reports whether fd is a terminal.
func IsTerminal(fd int) bool { return tty.IsTerminal(fd) }

// Run is the interactive loop. It returns the shell's exit status.
func Run(rt *shell.Runtime, sh *shell.Shell, o Options) int {
	fd := 2
	if !tty.IsTerminal(fd) {
		fd = 0
	}
	if tty.IsTerminal(fd) {
		if err := rt.EnableJobControl(fd); err != nil {
			os.Stderr.WriteString("gsh: cannot set terminal process group: " + err.Error() + "\n")
			os.Stderr.WriteString("gsh: no job control in this shell\n")
		}
	}
	in := bufio.NewReader(os.Stdin)
	for {
		rt.ReportJobs(sh)
		src, err := readCommand(sh, in)
		if err != nil {
			if errors.Is(err, io.EOF) {
				if rt.RefuseExit(sh) {
					continue
				}
				os.Stderr.WriteString("exit\n")
				sh.Exit(sh.Status())
			}
			continue
		}
		if strings.TrimSpace(src) == "" {
			continue
		}
		sh = sh.RunCommandLine(src)
		if sh.Exiting() {
			sh.Exit(sh.Status())
		}
	}
}

// readCommand reads lines until they form a complete command.
func readCommand(sh *shell.Shell, in *bufio.Reader) (string, error) {
	ps1, _ := sh.Var("PS1")
	if ps1 == "" {
		ps1 = "\\s-\\v\\$ "
	}
	os.Stderr.WriteString(sh.ExpandPrompt(ps1))
	var b strings.Builder
	for {
		line, err := in.ReadString('\n')
		b.WriteString(line)
		if err != nil && b.Len() == 0 {
			return "", err
		}
		if !parser.IsIncomplete(b.String()) || err != nil {
			return b.String(), nil
		}
		ps2, _ := sh.Var("PS2")
		os.Stderr.WriteString(sh.ExpandPrompt(ps2))
	}
}

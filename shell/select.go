package shell

import (
	"fmt"
	"strconv"
	"strings"
	"syscall"

	"mvdan.cc/sh/v3/syntax"
)

// selectLoop runs `select name in items; do ...; done`: print the menu on
// standard error, prompt with PS3, read a line; an empty line shows the
// menu again, end of input ends the loop with status 1.
func (sh *Shell) selectLoop(c *syntax.ForClause, name string, items []string) {
	if len(items) == 0 {
		return
	}
	showMenu := true
	for {
		if showMenu {
			sh.writeErr(sh.selectMenu(items))
		}
		ps3, ok := sh.vars.Value("PS3")
		if !ok {
			ps3 = "#? "
		}
		sh.writeErr(ps3)
		line, eof := sh.readLineFd(0)
		if eof && line == "" {
			sh.Stdout().Write([]byte("\n"))
			sh.status = 1
			return
		}
		sh.vars.Set("REPLY", line)
		if strings.TrimSpace(line) == "" {
			showMenu = true
			continue
		}
		showMenu = false
		choice := ""
		if n, err := strconv.Atoi(strings.TrimSpace(line)); err == nil && n >= 1 && n <= len(items) {
			choice = items[n-1]
		}
		if err := sh.vars.Set(name, choice); err != nil {
			sh.errorf("%s", err.Error())
			sh.status = 1
			return
		}
		sh.runStmts(c.Do)
		if sh.loopCtl() {
			return
		}
	}
}

// selectMenu formats the numbered choices, in columns when COLUMNS allows.
func (sh *Shell) selectMenu(items []string) string {
	width := 0
	for i, it := range items {
		w := len(strconv.Itoa(i+1)) + 2 + len(it)
		width = max(width, w)
	}
	cols, _ := strconv.Atoi(sh.vars.Str("COLUMNS"))
	var b strings.Builder
	per := 1
	if cols > 0 {
		per = max(1, cols/(width+2))
	}
	rows := (len(items) + per - 1) / per
	nw := len(strconv.Itoa(len(items)))
	for r := 0; r < rows; r++ {
		for c := 0; c < per; c++ {
			i := c*rows + r
			if i >= len(items) {
				break
			}
			cell := fmt.Sprintf("%*d) %s", nw, i+1, items[i])
			if c < per-1 && (c+1)*rows+r < len(items) {
				cell = fmt.Sprintf("%-*s", width+2, cell)
			}
			b.WriteString(cell)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// readLineFd reads one line from descriptor fd a byte at a time (so that
// nothing past the line is consumed); eof is true at end of input.
func (sh *Shell) readLineFd(fd int) (string, bool) {
	o := sh.fds.get(fd)
	if o == nil || o.f == nil {
		return "", true
	}
	var line []byte
	var c [1]byte
	for {
		n, err := o.f.Read(c[:])
		if n == 0 || err != nil {
			if err == syscall.EINTR {
				continue
			}
			return string(line), true
		}
		if c[0] == '\n' {
			return string(line), false
		}
		line = append(line, c[0])
	}
}

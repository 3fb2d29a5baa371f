package shell

import (
	"strconv"
	"strings"
	"time"

	"mvdan.cc/sh/v3/syntax"
)

// REPORTTIME and REPORTMEMORY, as zsh users know them: an interactive
// shell prints the time report (TIMEFORMAT, or the default) after a
// foreground command line that used more CPU (user+sys, in seconds) than
// REPORTTIME, or more memory (the largest process's max RSS, in KB) than
// REPORTMEMORY. Unset, empty, negative or unparsable values are off.
//
// Processes are counted exactly, as by time. The shell's own part is
// taken from getrusage(RUSAGE_SELF) rather than per goroutine: pinning
// goroutines to threads slows in-process pipelines by some tens of
// microseconds each (a pinned goroutine that blocks hands its thread
// over), a fair price for an explicit time but not for every command
// line; the cost is that an in-process background job running meanwhile
// is counted too.

// reportTimeStart is called on a foreground command line's goroutine
// before it runs; call the function it returns when the line has ended.
// A line that stops keeps its meter and reports when it ends after fg,
// its real time including the stopped time.
func (sh *Shell) reportTimeStart(stmts []*syntax.Stmt) func() {
	_, cpuOn := sh.reportThreshold("REPORTTIME")
	_, memOn := sh.reportThreshold("REPORTMEMORY")
	if !sh.rt.interactive || (!cpuOn && !memOn) || sh.timing != nil {
		return func() {}
	}
	if len(stmts) == 1 && !stmts[0].Background {
		if _, ok := stmts[0].Cmd.(*syntax.TimeClause); ok {
			return func() {} // the line reports itself
		}
	}
	acc := &timeAcc{}
	sh.timing = acc
	trimShellRSS()
	meter := startProcessMeter()
	start := time.Now()
	return func() {
		real := time.Since(start)
		self := meter.stop()
		if sh.timing == acc {
			sh.timing = nil
		}
		r := acc.report(real, &self, sh.status)
		cpu, cpuOn := sh.reportThreshold("REPORTTIME")
		mem, memOn := sh.reportThreshold("REPORTMEMORY")
		fg := sh.job == nil || sh.job.Foreground() // not after bg
		if fg && ((cpuOn && (r.user+r.sys).Seconds() > cpu) || (memOn && float64(r.ru.Maxrss) > mem)) {
			sh.printTimeReport(r, false, false)
		}
	}
}

// reportThreshold reads a non-negative number from a variable.
func (sh *Shell) reportThreshold(name string) (float64, bool) {
	v, ok := sh.vars.Value(name)
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || f < 0 {
		return 0, false
	}
	return f, true
}

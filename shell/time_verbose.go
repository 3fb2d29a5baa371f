package shell

import (
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"gsh/builtins"
	"gsh/jobs"
)

// verboseTable is `time -v`'s table: one row per process the command
// started, one for the shell's own part (builtins, functions, in-process
// stages), and the total, which is what the summary reported. Processes
// still running when the command ended (background jobs it started) are
// listed but not counted.
func verboseTable(r *timeReport, shellPid int) string {
	rows := [][]string{{"PID", "STATUS", "REAL", "USER", "SYS", "MAXRSS", "MAJFLT", "MINFLT", "INBLK", "OUBLK", "VCSW", "IVCSW", "COMMAND"}}
	for _, p := range r.procs {
		row := []string{strconv.Itoa(p.Pid), procStatusText(p)}
		if p.Terminated() {
			ru := p.Rusage()
			row = append(row, fmtSecs(p.End().Sub(p.Start), 3, false))
			row = append(row, usageCols(&ru, true)...)
		} else {
			row = append(row, "-", "-", "-", "-", "-", "-", "-", "-", "-", "-")
		}
		rows = append(rows, append(row, printable(p.Text)))
	}
	row := []string{strconv.Itoa(shellPid), "-", "-"}
	row = append(row, usageCols(&r.shell, false)...)
	rows = append(rows, append(row, "(shell)"))
	row = []string{"", strconv.Itoa(r.status), fmtSecs(r.real, 3, false)}
	row = append(row, usageCols(&r.ru, true)...)
	rows = append(rows, append(row, "total"))
	return alignRows(rows)
}

// usageCols are the USER..IVCSW columns.
func usageCols(ru *unix.Rusage, rss bool) []string {
	n := func(v int64) string { return strconv.FormatInt(v, 10) }
	maxrss := "-"
	if rss {
		maxrss = n(ru.Maxrss)
	}
	return []string{fmtSecs(tvDur(ru.Utime), 3, false), fmtSecs(tvDur(ru.Stime), 3, false), maxrss,
		n(ru.Majflt), n(ru.Minflt), n(ru.Inblock), n(ru.Oublock), n(ru.Nvcsw), n(ru.Nivcsw)}
}

// procStatusText is the exit status, or the signal that ended the process.
func procStatusText(p *jobs.Proc) string {
	switch p.State() {
	case jobs.Running:
		return "running"
	case jobs.Stopped:
		return "stopped"
	}
	ws := p.WaitStatus()
	if ws.Signaled() {
		s := builtins.SignalName(int(ws.Signal()))
		if ws.CoreDump() {
			s += "+core"
		}
		return s
	}
	return strconv.Itoa(ws.ExitStatus())
}

// alignRows right-aligns every column but the last, which is left as is.
func alignRows(rows [][]string) string {
	width := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, c := range row {
			width[i] = max(width[i], len(c))
		}
	}
	var b strings.Builder
	for _, row := range rows {
		for i, c := range row {
			if i == len(row)-1 {
				b.WriteString(c)
				break
			}
			b.WriteString(strings.Repeat(" ", width[i]-len(c)))
			b.WriteString(c)
			b.WriteString("  ")
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// printable keeps a command's text on one line.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return '?'
		}
		return r
	}, s)
}

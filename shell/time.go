package shell

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sys/unix"
	"mvdan.cc/sh/v3/syntax"

	"gsh/builtins"
	"gsh/jobs"
)

// The time reserved word. gsh knows every process the timed command
// started and gets each one's rusage from wait4, so it reports exactly
// what the command used; bash subtracts RUSAGE_CHILDREN snapshots, which
// counts any background job reaped meanwhile.

// timeAcc collects the processes started while a command is timed.
type timeAcc struct {
	mu    sync.Mutex
	procs []*jobs.Proc
}

func (t *timeAcc) add(p *jobs.Proc) {
	t.mu.Lock()
	t.procs = append(t.procs, p)
	t.mu.Unlock()
}

// timeReport is what a timed command used.
type timeReport struct {
	real   time.Duration
	user   time.Duration
	sys    time.Duration
	ru     unix.Rusage // summed (max for maxrss) over processes
	status int
	procs  []*jobs.Proc
}

func (sh *Shell) timeClause(c *syntax.TimeClause) {
	var self0 unix.Rusage
	unix.Getrusage(unix.RUSAGE_SELF, &self0)
	acc := &timeAcc{}
	saved := sh.timing
	sh.timing = acc
	start := time.Now()
	if c.Stmt != nil {
		sh.stmt(c.Stmt)
	} else {
		sh.status = 0
	}
	real := time.Since(start)
	sh.timing = saved
	if saved != nil {
		for _, p := range acc.procs {
			saved.add(p)
		}
	}
	var self1 unix.Rusage
	unix.Getrusage(unix.RUSAGE_SELF, &self1)
	rep := timeReport{real: real, status: sh.status, procs: acc.procs}
	rep.user = tvDur(self1.Utime) - tvDur(self0.Utime)
	rep.sys = tvDur(self1.Stime) - tvDur(self0.Stime)
	for _, p := range acc.procs {
		if !p.Terminated() {
			continue
		}
		ru := p.Rusage()
		rep.user += tvDur(ru.Utime)
		rep.sys += tvDur(ru.Stime)
		sumRusage(&rep.ru, &ru)
	}
	format, set := sh.vars.Value("TIMEFORMAT")
	if !set {
		format = "\nreal\t%3lR\nuser\t%3lU\nsys\t%3lS"
	}
	if c.PosixFormat {
		format = "real %2R\nuser %2U\nsys %2S"
	}
	if format == "" {
		return
	}
	sh.writeErr(formatTime(format, &rep) + "\n")
}

func tvDur(tv unix.Timeval) time.Duration {
	return time.Duration(tv.Sec)*time.Second + time.Duration(tv.Usec)*time.Microsecond
}

func sumRusage(a, b *unix.Rusage) {
	if b.Maxrss > a.Maxrss {
		a.Maxrss = b.Maxrss
	}
	a.Minflt += b.Minflt
	a.Majflt += b.Majflt
	a.Inblock += b.Inblock
	a.Oublock += b.Oublock
	a.Nvcsw += b.Nvcsw
	a.Nivcsw += b.Nivcsw
}

// formatTime expands a TIMEFORMAT string: bash's %[p][l]R U S P and %%,
// plus what wait4 reports, named as GNU time names them: %M max RSS (KB),
// %F major and %m minor page faults, %I blocks in, %O blocks out, %w
// voluntary and %c involuntary context switches, %x exit status.
func formatTime(f string, r *timeReport) string {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c == '\\' && i+1 < len(f) {
			i++
			switch f[i] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			default:
				b.WriteByte('\\')
				b.WriteByte(f[i])
			}
			continue
		}
		if c != '%' || i+1 >= len(f) {
			b.WriteByte(c)
			continue
		}
		i++
		prec, long := 3, false
		if f[i] >= '0' && f[i] <= '9' {
			prec = int(f[i] - '0')
			if prec > 3 {
				prec = 3
			}
			i++
		}
		if i < len(f) && f[i] == 'l' {
			long = true
			i++
		}
		if i >= len(f) {
			b.WriteByte('%')
			break
		}
		switch f[i] {
		case '%':
			b.WriteByte('%')
		case 'R':
			b.WriteString(fmtDur(r.real, prec, long))
		case 'U':
			b.WriteString(fmtDur(r.user, prec, long))
		case 'S':
			b.WriteString(fmtDur(r.sys, prec, long))
		case 'P':
			pct := 0.0
			if r.real > 0 {
				pct = float64(r.user+r.sys) / float64(r.real) * 100
			}
			b.WriteString(strconv.FormatFloat(pct, 'f', min(prec, 2), 64))
		case 'M':
			b.WriteString(strconv.FormatInt(r.ru.Maxrss, 10))
		case 'F':
			b.WriteString(strconv.FormatInt(r.ru.Majflt, 10))
		case 'm':
			b.WriteString(strconv.FormatInt(r.ru.Minflt, 10))
		case 'I':
			b.WriteString(strconv.FormatInt(r.ru.Inblock, 10))
		case 'O':
			b.WriteString(strconv.FormatInt(r.ru.Oublock, 10))
		case 'w':
			b.WriteString(strconv.FormatInt(r.ru.Nvcsw, 10))
		case 'c':
			b.WriteString(strconv.FormatInt(r.ru.Nivcsw, 10))
		case 'x':
			b.WriteString(strconv.Itoa(r.status))
		default:
			b.WriteByte('%')
			b.WriteByte(f[i])
		}
	}
	return b.String()
}

// fmtDur prints seconds with prec decimals; long gives bash's 0m1.003s.
func fmtDur(d time.Duration, prec int, long bool) string {
	if d < 0 {
		d = 0
	}
	secs := d.Seconds()
	if !long {
		return truncFloat(secs, prec)
	}
	m := int(secs / 60)
	s := secs - float64(m*60)
	return fmt.Sprintf("%dm%ss", m, truncFloat(s, prec))
}

// truncFloat formats x with prec decimals, truncating as bash does.
func truncFloat(x float64, prec int) string {
	scale := 1.0
	for i := 0; i < prec; i++ {
		scale *= 10
	}
	n := int64(x * scale)
	ip, fp := n/int64(scale), n%int64(scale)
	if prec == 0 {
		return strconv.FormatInt(ip, 10)
	}
	return fmt.Sprintf("%d.%0*d", ip, prec, fp)
}

func init() {
	builtins.Register(&builtins.Builtin{Name: "times", Fn: shFn(biTimes), Special: true, Usage: "times"})
}

// biTimes prints the shell's and its children's user and system times.
func biTimes(sh *Shell, args []string) int {
	var self, kids unix.Rusage
	unix.Getrusage(unix.RUSAGE_SELF, &self)
	unix.Getrusage(unix.RUSAGE_CHILDREN, &kids)
	line := func(u, s unix.Timeval) string {
		return fmtDur(tvDur(u), 3, true) + " " + fmtDur(tvDur(s), 3, true) + "\n"
	}
	sh.Stdout().Write([]byte(line(self.Utime, self.Stime) + line(kids.Utime, kids.Stime)))
	return 0
}

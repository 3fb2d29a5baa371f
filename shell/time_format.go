package shell

import (
	"strconv"
	"strings"
	"time"
)

const (
	defaultTimeFormat = "\nreal\t%3lR\nuser\t%3lU\nsys\t%3lS"
	posixTimeFormat   = "real %2R\nuser %2U\nsys %2S"
)

// formatTime expands a TIMEFORMAT string as bash does: %[p][l]R (or E),
// U and S; %P; %%; no backslash escapes. Further conversions give what
// wait4 reports, with GNU time's letters: %M max RSS (KB, the largest
// process), %F major and %m minor page faults, %I blocks read, %O blocks
// written, %w voluntary and %c involuntary context switches, %x exit
// status. An unknown conversion makes the whole report an error, as in
// bash; bad is the offending byte (0 at the end of the string).
func formatTime(f string, r *timeReport) (out string, bad byte, ok bool) {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c != '%' || i+1 >= len(f) {
			b.WriteByte(c)
			continue
		}
		i++
		switch f[i] {
		case '%':
			b.WriteByte('%')
			continue
		case 'P': // bash accepts no precision or l here
			b.WriteString(cpuPercent(r))
			continue
		}
		prec, long := 3, false
		if f[i] >= '0' && f[i] <= '9' {
			prec = min(int(f[i]-'0'), 3)
			i++
		}
		if i < len(f) && f[i] == 'l' {
			long = true
			i++
		}
		if i >= len(f) {
			return "", 0, false
		}
		var n int64
		switch f[i] {
		case 'R', 'E':
			b.WriteString(fmtSecs(r.real, prec, long))
			continue
		case 'U':
			b.WriteString(fmtSecs(r.user, prec, long))
			continue
		case 'S':
			b.WriteString(fmtSecs(r.sys, prec, long))
			continue
		case 'M':
			n = r.ru.Maxrss
		case 'F':
			n = r.ru.Majflt
		case 'm':
			n = r.ru.Minflt
		case 'I':
			n = r.ru.Inblock
		case 'O':
			n = r.ru.Oublock
		case 'w':
			n = r.ru.Nvcsw
		case 'c':
			n = r.ru.Nivcsw
		case 'x':
			n = int64(r.status)
		default:
			return "", f[i], false
		}
		b.WriteString(strconv.FormatInt(n, 10))
	}
	return b.String(), 0, true
}

// cpuPercent is bash's %P: (user+sys)/real in hundredths of a percent,
// computed on microseconds and truncated, printed with two decimals.
func cpuPercent(r *timeReport) string {
	real := r.real.Microseconds()
	if real <= 0 {
		return "0.00"
	}
	cpu := (r.user + r.sys).Microseconds() * 10000 / real
	return strconv.FormatInt(cpu/100, 10) + "." + pad0(cpu%100, 2)
}

// fmtSecs prints a duration as bash does: microseconds are rounded to
// milliseconds (half up), which are then truncated to prec digits; long
// gives minutes and seconds, 1m2.003s.
func fmtSecs(d time.Duration, prec int, long bool) string {
	us := max(d.Microseconds(), 0)
	sec, ms := us/1e6, (us%1e6)/1000
	if us%1000 >= 500 {
		ms++
	}
	if ms >= 1000 {
		sec, ms = sec+1, ms-1000
	}
	var b strings.Builder
	if long {
		b.WriteString(strconv.FormatInt(sec/60, 10))
		b.WriteByte('m')
		sec %= 60
	}
	b.WriteString(strconv.FormatInt(sec, 10))
	if prec > 0 {
		b.WriteByte('.')
		b.WriteString(pad0(ms, 3)[:prec])
	}
	if long {
		b.WriteByte('s')
	}
	return b.String()
}

// pad0 formats n with at least width digits.
func pad0(n int64, width int) string {
	s := strconv.FormatInt(n, 10)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

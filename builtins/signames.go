package builtins

import (
	"fmt"
	"strconv"
	"strings"
)

// Linux signal numbering as bash names it. Numbers 32 and 33 belong to
// the C library's threading and have no name; SIGRTMIN is 34.
const (
	// NSig is bash's NSIG: one past the highest signal number.
	NSig     = 65
	sigRTMin = 34
	sigRTMax = 64
	// Pseudo-signals for trap, numbered after the real ones as in bash.
	SigDebug  = NSig
	SigErr    = NSig + 1
	SigReturn = NSig + 2
)

var sigNames = [...]string{
	0: "EXIT", 1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL",
	5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE", 9: "SIGKILL",
	10: "SIGUSR1", 11: "SIGSEGV", 12: "SIGUSR2", 13: "SIGPIPE",
	14: "SIGALRM", 15: "SIGTERM", 16: "SIGSTKFLT", 17: "SIGCHLD",
	18: "SIGCONT", 19: "SIGSTOP", 20: "SIGTSTP", 21: "SIGTTIN",
	22: "SIGTTOU", 23: "SIGURG", 24: "SIGXCPU", 25: "SIGXFSZ",
	26: "SIGVTALRM", 27: "SIGPROF", 28: "SIGWINCH", 29: "SIGIO",
	30: "SIGPWR", 31: "SIGSYS",
}

// SignalName returns bash's name for signal n: "EXIT" for 0, "SIGHUP",
// "SIGRTMIN+3", "SIGRTMAX-2", and "DEBUG", "ERR", "RETURN" for the trap
// pseudo-signals (SigDebug...). It returns "" for a number without a name
// (32, 33, out of range); bash shows those as the bare number.
func SignalName(n int) string {
	switch {
	case n >= 0 && n < len(sigNames):
		return sigNames[n]
	case n == sigRTMin:
		return "SIGRTMIN"
	case n == sigRTMax:
		return "SIGRTMAX"
	case n > sigRTMin && n <= sigRTMin+15:
		return "SIGRTMIN+" + strconv.Itoa(n-sigRTMin)
	case n > sigRTMin+15 && n < sigRTMax:
		return "SIGRTMAX-" + strconv.Itoa(sigRTMax-n)
	case n == SigDebug:
		return "DEBUG"
	case n == SigErr:
		return "ERR"
	case n == SigReturn:
		return "RETURN"
	}
	return ""
}

// SignalNumber decodes a signal specification as bash's trap and kill do:
// a decimal number below NSig, or a name with or without the SIG prefix in
// any case ("int", "SIGINT", "RTMIN+3", "sigrtmax-2"), including EXIT,
// DEBUG, ERR and RETURN. Callers that only deal with real signals (kill)
// must reject results >= NSig themselves.
func SignalNumber(spec string) (int, bool) {
	if n, ok := legalNumber(spec); ok {
		if n < 0 || n >= NSig {
			return 0, false
		}
		return int(n), true
	}
	up := strings.ToUpper(spec)
	for _, p := range []string{"SIGRTMIN+", "RTMIN+"} {
		if rest, ok := strings.CutPrefix(up, p); ok {
			n, ok := legalNumber(rest)
			if !ok || n < 0 || n > sigRTMax-sigRTMin {
				return 0, false
			}
			return sigRTMin + int(n), true
		}
	}
	for n := 0; n <= SigReturn; n++ {
		name := SignalName(n)
		if name == "" {
			continue
		}
		if up == name || strings.HasPrefix(name, "SIG") && up == name[3:] {
			return n, true
		}
	}
	return 0, false
}

// trapKey is the name under which the shell stores the trap for signal n
// (Shell.Trap): bash's name without "SIG", or the number when unnamed.
func trapKey(n int) string {
	name := SignalName(n)
	if name == "" {
		return strconv.Itoa(n)
	}
	return strings.TrimPrefix(name, "SIG")
}

// trapDisplayName is the name `trap -p` prints.
func trapDisplayName(n int) string {
	if name := SignalName(n); name != "" {
		return name
	}
	return strconv.Itoa(n)
}

// SignalTable is the signal list of `kill -l` and `trap -l`: numbered
// names five to a line, or in POSIX mode the bare names on one line.
func SignalTable(posix bool) string {
	var b strings.Builder
	col := 0
	for n := 1; n < NSig; n++ {
		name := SignalName(n)
		if name == "" {
			continue
		}
		if posix {
			b.WriteString(strings.TrimPrefix(name, "SIG"))
			if n != NSig-1 {
				b.WriteByte(' ')
			}
			continue
		}
		fmt.Fprintf(&b, "%2d) %s", n, name)
		if col++; col < 5 {
			b.WriteByte('\t')
		} else {
			b.WriteByte('\n')
			col = 0
		}
	}
	if posix || col != 0 {
		b.WriteByte('\n')
	}
	return b.String()
}

// legalNumber parses a decimal integer as bash's legal_number does:
// leading white space and a sign are allowed, and trailing blanks.
func legalNumber(s string) (int64, bool) {
	t := strings.TrimLeft(s, " \t\n\v\f\r")
	t = strings.TrimRight(t, " \t")
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil {
		return 0, false
	}
	return n, true
}

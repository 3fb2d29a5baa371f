package builtins

import (
	"strings"
	"testing"
)

func TestSignalNames(t *testing.T) {
	for n, want := range map[int]string{
		0: "EXIT", 1: "SIGHUP", 15: "SIGTERM", 31: "SIGSYS", 32: "", 33: "",
		34: "SIGRTMIN", 35: "SIGRTMIN+1", 49: "SIGRTMIN+15", 50: "SIGRTMAX-14",
		63: "SIGRTMAX-1", 64: "SIGRTMAX", 65: "DEBUG", 66: "ERR", 67: "RETURN", 68: "",
	} {
		if got := SignalName(n); got != want {
			t.Errorf("SignalName(%d) = %q, want %q", n, got, want)
		}
	}
	for spec, want := range map[string]int{
		"0": 0, "EXIT": 0, "exit": 0, "HUP": 1, "SIGHUP": 1, "sighup": 1, "SiGhUp": 1,
		"int": 2, " 2": 2, "02": 2, "64": 64, "rtmin": 34, "SIGRTMIN+3": 37,
		"rtmin+16": 50, "RTMAX-2": 62, "RTMAX": 64, "DEBUG": 65, "err": 66, "RETURN": 67,
	} {
		if got, ok := SignalNumber(spec); !ok || got != want {
			t.Errorf("SignalNumber(%q) = %d, %v; want %d", spec, got, ok, want)
		}
	}
	for _, spec := range []string{"", "65", "-1", "0x2", "FOO", "SIGEXIT", "RTMAX-0", "SIGRTMIN-1", "RTMIN+31", "2x"} {
		if n, ok := SignalNumber(spec); ok {
			t.Errorf("SignalNumber(%q) = %d, want failure", spec, n)
		}
	}
}

func TestSignalTable(t *testing.T) {
	tab := SignalTable(false)
	lines := strings.Split(tab, "\n")
	if lines[0] != " 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 4) SIGILL\t 5) SIGTRAP" ||
		lines[6] != "31) SIGSYS\t34) SIGRTMIN\t35) SIGRTMIN+1\t36) SIGRTMIN+2\t37) SIGRTMIN+3" ||
		lines[12] != "63) SIGRTMAX-1\t64) SIGRTMAX\t" || len(lines) != 14 {
		t.Errorf("table:\n%s", tab)
	}
	p := SignalTable(true)
	if !strings.HasPrefix(p, "HUP INT QUIT ") || !strings.HasSuffix(p, " RTMAX-1 RTMAX\n") {
		t.Errorf("posix table: %q", p)
	}
}

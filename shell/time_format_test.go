package shell

import (
	"strings"
	"testing"
	"time"

	"mvdan.cc/sh/v3/syntax"

	"gsh/parser"
)

func TestFmtSecsRoundsThenTruncates(t *testing.T) {
	us := time.Microsecond
	cases := []struct {
		d    time.Duration
		prec int
		long bool
		want string
	}{
		{999499 * us, 3, false, "0.999"},
		{999500 * us, 3, false, "1.000"}, // microseconds round to milliseconds
		{1234567 * us, 3, false, "1.235"},
		{1234567 * us, 2, false, "1.23"}, // then digits are truncated
		{1299999 * us, 1, false, "1.3"},  // 1.300 after rounding
		{1289999 * us, 1, false, "1.2"},
		{1999 * time.Millisecond, 0, false, "1"},
		{61500 * time.Millisecond, 3, true, "1m1.500s"},
		{3600 * time.Second, 3, true, "60m0.000s"},
		{59999600 * us, 3, true, "1m0.000s"},
		{1500 * time.Millisecond, 0, true, "0m1s"},
		{-time.Second, 3, true, "0m0.000s"},
	}
	for _, c := range cases {
		if got := fmtSecs(c.d, c.prec, c.long); got != c.want {
			t.Errorf("fmtSecs(%v, %d, %v) = %q, want %q", c.d, c.prec, c.long, got, c.want)
		}
	}
}

func TestCPUPercentTruncates(t *testing.T) {
	cases := []struct {
		real, user, sys time.Duration
		want            string
	}{
		{3 * time.Second, time.Second, 0, "33.33"},
		{time.Second, time.Second, time.Second, "200.00"},
		{0, time.Second, 0, "0.00"},
		{time.Second, 6666 * time.Microsecond, 0, "0.66"},
		{3 * time.Microsecond, 2 * time.Microsecond, 0, "66.66"},
	}
	for _, c := range cases {
		r := &timeReport{real: c.real, user: c.user, sys: c.sys}
		if got := cpuPercent(r); got != c.want {
			t.Errorf("cpuPercent(%v, %v, %v) = %q, want %q", c.real, c.user, c.sys, got, c.want)
		}
	}
}

func TestFormatTimeConversions(t *testing.T) {
	r := &timeReport{real: 1500 * time.Millisecond, user: 250 * time.Millisecond, sys: 5 * time.Millisecond, status: 3}
	r.ru.Maxrss, r.ru.Majflt, r.ru.Minflt, r.ru.Inblock, r.ru.Oublock, r.ru.Nvcsw, r.ru.Nivcsw = 1, 2, 3, 4, 5, 6, 7
	cases := map[string]string{
		"%R %U %S":          "1.500 0.250 0.005",
		"%E %lE %1lR":       "1.500 0m1.500s 0m1.5s",
		"%M %F %m %I %O %w": "1 2 3 4 5 6",
		"%c %x %% 100%":     "7 3 % 100%",
		`\n%R\t`:            `\n1.500\t`,
		"%P":                "17.00",
	}
	for f, want := range cases {
		if got, _, ok := formatTime(f, r); !ok || got != want {
			t.Errorf("formatTime(%q) = %q %v, want %q", f, got, ok, want)
		}
	}
	for f, bad := range map[string]byte{"%Q": 'Q', "%3P": 'P', "%lP": 'P', "%3": 0, "%l3R": '3'} {
		if _, b, ok := formatTime(f, r); ok || b != bad {
			t.Errorf("formatTime(%q) accepted or blamed %q", f, b)
		}
	}
}

func TestTimeOptions(t *testing.T) {
	cases := []struct {
		src, stmt      string
		posix, verbose bool
	}{
		{"time a | b", "a | b", false, false},
		{"time -v a | b | c", "a | b | c", false, true},
		{"time -p -v a", "a", true, true},
		{"time -vp a", "a", true, true},
		{"time -- a", "a", true, false},
		{"time -v -- -v", "-v", true, true},
		{"time '-v' a", "'-v' a", false, false},
		{"time -v", "", false, true},
		{"time -vx a", "-vx a", false, false},
		{"time time -p a", "a", true, false},
		{"time -v { a; }", "{ a; }", false, true}, // the parser takes -v out
		{"time -v x=1 a", "x=1 a", false, true},
		{"time x=1 -v a", "x=1 -v a", false, false},
	}
	for _, c := range cases {
		f, err := parser.Parse(c.src)
		if err != nil {
			t.Fatalf("%s: %v", c.src, err)
		}
		tc := f.Stmts[0].Cmd.(*syntax.TimeClause)
		before := printNode(tc)
		st, posix, verbose := timeOptions(tc)
		got := ""
		if st != nil {
			got = printNode(st)
		}
		if got != c.stmt || posix != c.posix || verbose != c.verbose {
			t.Errorf("%s: %q posix=%v verbose=%v, want %q %v %v", c.src, got, posix, verbose, c.stmt, c.posix, c.verbose)
		}
		if printNode(tc) != before {
			t.Errorf("%s: the syntax tree was changed to %q", c.src, printNode(tc))
		}
	}
}

func printNode(n syntax.Node) string {
	var b strings.Builder
	syntax.NewPrinter(syntax.SingleLine(true)).Print(&b, n)
	return strings.TrimSpace(b.String())
}

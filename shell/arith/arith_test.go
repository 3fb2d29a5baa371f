package arith

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// tcase is one expression evaluated after setup (see fakeEnv.setup). The
// expected values were taken from bash 5.2; TestAgainstBash re-checks them.
type tcase struct {
	setup string
	expr  string
	out   string // the value, when it succeeds
	err   string // stderr lines: warnings, then the error; bash's prefix removed
	check string // variables to inspect afterwards ("x a[1] m{k}")
	state string // their expected values ("x=1 a[1]=unset m{k}=2")
	fatal bool   // bash treats the error as fatal (exits even under let)
}

func (c tcase) name() string { return strings.TrimSpace(c.setup + " | " + c.expr) }

// evalCase runs c against a fresh fakeEnv and reports what bash would show.
func evalCase(c tcase) (out, stderr, state string, fatal bool) {
	env := newEnv()
	env.setup(c.setup)
	v, err := Eval(env, c.expr)
	lines := env.warnings
	if err != nil {
		lines = append(lines, err.Error())
		var ae *Error
		var ue *UnboundError
		fatal = errors.As(err, &ue) || errors.As(err, &ae) && ae.Fatal
	} else {
		out = strconv.FormatInt(v, 10)
	}
	return out, strings.Join(lines, "\n"), env.state(c.check), fatal
}

func TestTable(t *testing.T) {
	for _, c := range cases {
		out, stderr, state, fatal := evalCase(c)
		if out != c.out || stderr != c.err || state != c.state || fatal != c.fatal {
			t.Errorf("%s\n got: out=%q err=%q state=%q fatal=%v\nwant: out=%q err=%q state=%q fatal=%v",
				c.name(), out, stderr, state, fatal, c.out, c.err, c.state, c.fatal)
		}
	}
}

// TestAgainstBash checks the table itself against bash. It runs only with
// ARITH_BASH=1 (and bash installed); mismatches print a corrected entry.
func TestAgainstBash(t *testing.T) {
	if os.Getenv("ARITH_BASH") == "" {
		t.Skip("set ARITH_BASH=1 to compare the table with bash")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	if gen := os.Getenv("ARITH_GEN"); gen != "" {
		// Regenerate the table's expectations from bash.
		var b strings.Builder
		for _, c := range cases {
			b.WriteString("\t" + runBash(t, bash, c).literal() + "\n")
		}
		os.WriteFile(gen, []byte(b.String()), 0o644)
		return
	}
	for _, c := range cases {
		got := runBash(t, bash, c)
		if got.out != c.out || got.err != c.err || got.state != c.state || got.fatal != c.fatal {
			t.Errorf("%s: bash differs; entry should be\n%s", c.name(), got.literal())
		}
	}
}

var bashPrefix = regexp.MustCompile(`(?m)^bash: line [0-9]+: `)

func runBash(t *testing.T, bash string, c tcase) tcase {
	pre := bashSetup(c.setup)
	script := pre + bashDump(c.check) + "\n" +
		"e=" + shq(c.expr) + "\n" +
		"echo \"=$(($e))\"\n"
	cmd := exec.Command(bash, "-c", script)
	cmd.Args[0] = "bash"
	var so, se strings.Builder
	cmd.Stdout, cmd.Stderr = &so, &se
	cmd.Run()
	var got tcase = c
	got.out, got.state = "", ""
	for _, l := range strings.Split(so.String(), "\n") {
		if v, ok := strings.CutPrefix(l, "="); ok {
			got.out = v
		} else if v, ok := strings.CutPrefix(l, "__state:"); ok {
			got.state = v
		}
	}
	got.err = strings.TrimSuffix(bashPrefix.ReplaceAllString(se.String(), ""), "\n")
	got.fatal = false
	if got.out == "" {
		// Is it fatal? Run it under let, which survives ordinary errors.
		script = pre + "e=" + shq(c.expr) + "\nlet \"$e\"\necho __alive\n"
		cmd = exec.Command(bash, "-c", script)
		cmd.Args[0] = "bash"
		o, _ := cmd.Output()
		got.fatal = !strings.Contains(string(o), "__alive")
	}
	return got
}

// bashSetup translates a test setup (see fakeEnv.setup) into bash.
func bashSetup(setup string) string {
	var pre strings.Builder
	declared := map[string]bool{}
	for _, item := range splitSetup(setup) {
		switch {
		case item == "-u":
			pre.WriteString("set -u\n")
		case strings.HasPrefix(item, "readonly "), strings.HasPrefix(item, "declare "):
			pre.WriteString(item + "\n")
		default:
			name, val, _ := strings.Cut(item, "=")
			if i := strings.IndexByte(name, '{'); i > 0 {
				if !declared[name[:i]] {
					declared[name[:i]] = true
					fmt.Fprintf(&pre, "declare -A %s\n", name[:i])
				}
				name = name[:i] + "[" + shq(name[i+1:len(name)-1]) + "]"
			}
			fmt.Fprintf(&pre, "%s=%s\n", name, shq(val))
		}
	}
	return pre.String()
}

// bashDump prints the variables named in check when bash exits, even on
// an error that ends the shell.
func bashDump(check string) string {
	var dump []string
	for _, ref := range strings.Fields(check) {
		r := strings.NewReplacer("{", "[", "}", "]").Replace(ref)
		dump = append(dump, fmt.Sprintf("%s=${%s-unset}", ref, r))
	}
	return "trap 'echo \"__state:" + strings.Join(dump, " ") + "\"' EXIT"
}

func shq(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func (c tcase) literal() string {
	var b strings.Builder
	b.WriteString("{")
	if c.setup != "" {
		fmt.Fprintf(&b, "setup: %q, ", c.setup)
	}
	fmt.Fprintf(&b, "expr: %q", c.expr)
	if c.out != "" {
		fmt.Fprintf(&b, ", out: %q", c.out)
	}
	if c.err != "" {
		fmt.Fprintf(&b, ", err: %q", c.err)
	}
	if c.check != "" {
		fmt.Fprintf(&b, ", check: %q, state: %q", c.check, c.state)
	}
	if c.fatal {
		b.WriteString(", fatal: true")
	}
	b.WriteString("},")
	return b.String()
}
